"""Every code of the care log a person may see, with its label in words (translated when shown).

Codes are stable (stored, exported, written into the records system's details); labels are for
people. Pages show ``_(label)``, never the code. One place, so the care log page, "My victims",
the ring-back list and the chronology entry all say the same thing.
"""

from core.i18n import N_


class Duties:
    """The Victims' Code duties the care log records, in the order the form asks them."""

    WRITTEN_CONFIRMATION = "written_confirmation"
    OIC_CONTACT_LEFT = "oic_contact_left"
    NEEDS_ASSESSMENT = "needs_assessment"
    CONTACT_PLAN = "contact_plan"
    REFERRAL = "referral"
    VPS_OFFERED = "vps_offered"
    RIGHT_TO_REVIEW = "right_to_review"
    COMPENSATION = "compensation"
    ALL = (WRITTEN_CONFIRMATION, OIC_CONTACT_LEFT, NEEDS_ASSESSMENT, CONTACT_PLAN, REFERRAL, VPS_OFFERED,
           RIGHT_TO_REVIEW, COMPENSATION)
    #: Boxes that apply only once the crime is closed with no further action.
    ON_CLOSURE = (RIGHT_TO_REVIEW, COMPENSATION)


DUTY_LABELS = {
    Duties.WRITTEN_CONFIRMATION: N_("Written confirmation of the crime (leaflet) given"),
    Duties.OIC_CONTACT_LEFT: N_("Officer in charge's contact details left with the victim"),
    Duties.NEEDS_ASSESSMENT: N_("Victim Needs Assessment completed"),
    Duties.CONTACT_PLAN: N_("Contact plan agreed with the victim"),
    Duties.REFERRAL: N_("Referred or signposted to support services"),
    Duties.VPS_OFFERED: N_("Victim Personal Statement offered"),
    Duties.RIGHT_TO_REVIEW: N_("Right to review explained (no further action)"),
    Duties.COMPENSATION: N_("Compensation information given"),
}

#: Road traffic collisions (Op Crystal's Roads Policing variant) have their own leaflet.
COLLISION_DUTY_LABELS = {
    Duties.WRITTEN_CONFIRMATION: N_("Roads Policing collision leaflet given"),
}


def duty_label(duty, reference_kind="crime"):
    """The label of ``duty`` for a crime or a collision (``reference_kind``)."""
    if reference_kind == "collision" and duty in COLLISION_DUTY_LABELS:
        return COLLISION_DUTY_LABELS[duty]
    return DUTY_LABELS.get(duty, N_("Unknown"))


class States:
    """A duty's state. ``YES``/``NO``/``NOT_APPLICABLE`` are answers; the others are worked out."""

    YES = "yes"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"
    ANSWERS = (YES, NO, NOT_APPLICABLE)
    DUE = "due"
    OVERDUE = "overdue"
    OPEN = "open"


STATE_LABELS = {
    States.YES: N_("Yes"),
    States.NO: N_("No"),
    States.NOT_APPLICABLE: N_("Not applicable"),
    States.DUE: N_("Due"),
    States.OVERDUE: N_("Overdue"),
    States.OPEN: N_("Not recorded yet"),
}

#: Formats of the written confirmation (the victim-of-crime leaflet).
LEAFLET_FORMATS = {
    "email": N_("Email"),
    "text_link": N_("Text message with a link"),
    "paper": N_("Paper leaflet"),
    "accessible": N_("Accessible format (easy read, large print, Braille, audio)"),
    "other_language": N_("In another language"),
}

CONTACT_METHODS = {
    "sms": N_("Text message"),
    "email": N_("Email"),
    "phone": N_("Phone call"),
    "visit": N_("Visit"),
    "letter": N_("Letter"),
}

CONTACT_FREQUENCIES = {
    "every_n_working_days": N_("Every few working days (say how many)"),
    "each_stage": N_("At each stage of the investigation"),
}

#: What a victim may want to hear about.
CONTACT_TOPICS = {
    "arrest": N_("An arrest"),
    "charge": N_("A charge"),
    "release": N_("A suspect released or bailed"),
    "court": N_("Court dates"),
    "closure": N_("The case being closed"),
    "property": N_("Property being returned"),
}

#: Victims' Code categories that give enhanced rights.
ENHANCED_CATEGORIES = {
    "serious_crime": N_("Victim of the most serious crime"),
    "persistently_targeted": N_("Persistently targeted"),
    "vulnerable_intimidated": N_("Vulnerable or intimidated"),
}

PERSON_KINDS = {
    "victim": N_("Victim"),
    "witness": N_("Affected witness"),
}

REFERENCE_KINDS = {
    "crime": N_("Crime"),
    "collision": N_("Road traffic collision"),
}

#: Key decisions the victim must be told of (Right 6).
KEY_DECISIONS = {
    "arrest": N_("Suspect arrested"),
    "charge": N_("Suspect charged"),
    "release": N_("Suspect released or bailed"),
    "nfa": N_("No further action"),
}

#: Crime types a force may choose for supervisors' ring-backs.
CRIME_TYPES = {
    "volume": N_("Volume crime"),
    "hate": N_("Hate crime"),
    "domestic_abuse": N_("Domestic abuse"),
    "serious": N_("Serious crime"),
    "collision": N_("Road traffic collision"),
    "other": N_("Other"),
}

RING_BACK_OUTCOMES = {
    "satisfied": N_("Victim satisfied"),
    "concerns": N_("Victim raised concerns"),
    "not_reached": N_("Victim not reached"),
}

RING_BACK_STATES = {
    "due": N_("Due"),
    "overdue": N_("Overdue"),
    "done": N_("Done"),
    "upcoming": N_("Not yet due"),
}

#: Why a victim is on "My victims".
DUE_REASONS = {
    "update": N_("Update due by the contact plan"),
    "key_decision": N_("Tell the victim about a key decision"),
    "max_interval": N_("No contact for too long"),
    "referral": N_("Referral to support services due"),
    "care_log": N_("Care log not completed"),
}


def label(table, code):
    """The label of ``code`` in ``table``, or a neutral word when the code is unknown (never the raw code)."""
    return table.get(code, N_("Unknown"))
