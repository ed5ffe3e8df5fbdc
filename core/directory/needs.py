"""The directory's fixed vocabularies: needs, vulnerabilities, ways to access a service.

Needs are the taxonomy officers browse by (GMP's directory started from these seventeen). Each
need carries the words and abbreviations officers type for it, so "DV" finds domestic abuse
and "ASB" anti-social behaviour. Codes are stable (stored and exported); labels are for people.
"""

from dataclasses import dataclass

from core.i18n import N_


@dataclass(frozen=True)
class Need:
    """One need: a stable code, a label and the synonyms a search box should know."""

    code: str
    label: str
    synonyms: tuple = ()


NEEDS = (
    Need("domestic_abuse", N_("Domestic abuse"),
         ("dv", "da", "domestic violence", "domestic", "coercive control", "idva", "partner abuse", "marac")),
    Need("sexual_violence", N_("Sexual violence"),
         ("rape", "sexual assault", "sarc", "isva", "sexual abuse", "sv")),
    Need("stalking_harassment", N_("Stalking and harassment"), ("stalking", "harassment", "stalker", "harass")),
    Need("hate_crime", N_("Hate crime"), ("hate", "racism", "homophobia", "transphobia", "disability hate")),
    Need("anti_social_behaviour", N_("Anti-social behaviour"),
         ("asb", "antisocial", "anti social", "nuisance", "neighbour dispute", "noise")),
    Need("fraud_scams", N_("Fraud and scams"), ("fraud", "scam", "scams", "cyber", "romance fraud", "phishing")),
    Need("burglary_target_hardening", N_("Burglary and target hardening"),
         ("burglary", "break in", "break-in", "locks", "target hardening", "home security", "burgled")),
    Need("housing_homelessness", N_("Housing and homelessness"),
         ("housing", "homeless", "homelessness", "shelter", "refuge", "accommodation", "eviction")),
    Need("mental_health", N_("Mental health"),
         ("mental health", "counselling", "anxiety", "depression", "ptsd", "trauma", "suicide", "crisis")),
    Need("drugs_alcohol", N_("Drugs and alcohol"), ("drugs", "alcohol", "substance misuse", "addiction", "drink")),
    Need("veterans", N_("Veterans"), ("veteran", "armed forces", "ex-forces", "military", "forces")),
    Need("children_young_people", N_("Children and young people"),
         ("children", "child", "young people", "youth", "cyp", "teenager", "kids", "school")),
    Need("older_people", N_("Older people"), ("older", "elderly", "pensioner", "age", "elder abuse")),
    Need("bereaved_by_crime", N_("Bereaved by crime"),
         ("bereaved", "bereavement", "homicide", "murder", "manslaughter", "grief")),
    Need("road_traffic_collisions", N_("Road traffic collisions"),
         ("rtc", "rta", "road traffic", "collision", "crash", "car accident")),
    Need("modern_slavery", N_("Modern slavery"),
         ("slavery", "trafficking", "human trafficking", "exploitation", "forced labour", "county lines")),
    Need("financial_hardship", N_("Financial hardship"),
         ("money", "debt", "benefits", "food bank", "foodbank", "hardship", "financial", "grant")),
)
NEEDS_BY_CODE = {need.code: need for need in NEEDS}

VULNERABILITIES = {
    "disability": N_("Disability"),
    "learning_disability": N_("Learning disability"),
    "children": N_("Children"),
    "older_people": N_("Older people"),
    "lgbtq": N_("LGBTQ+"),
    "ethnic_minority": N_("Ethnic minority communities"),
    "limited_english": N_("Limited English"),
    "men": N_("Men"),
    "women": N_("Women"),
    "repeat_victim": N_("Repeat victims"),
}


class Access:
    """How a victim reaches a service."""

    SIGNPOST = "signpost"
    SELF_REFERRAL = "self_referral"
    PROFESSIONAL_REFERRAL = "professional_referral"
    ALL = (SIGNPOST, SELF_REFERRAL, PROFESSIONAL_REFERRAL)
    LABELS = {
        SIGNPOST: N_("Signpost: give the victim the details"),
        SELF_REFERRAL: N_("Self-referral: the victim contacts them"),
        PROFESSIONAL_REFERRAL: N_("Professional referral: an officer or agency refers"),
    }


def need_code(text):
    """The need code for ``text`` (a code or a label, any case), or None.

    Called by the importers, which accept either in a file.
    """
    value = (text or "").strip()
    if value in NEEDS_BY_CODE:
        return value
    lowered = value.lower()
    return next((n.code for n in NEEDS if n.label.lower() == lowered or n.code == lowered.replace(" ", "_")), None)
