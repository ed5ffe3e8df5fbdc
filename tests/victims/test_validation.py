"""Every box of the victim form and the care log is validated, each error naming its box."""

from datetime import date, timedelta

import pytest

from core.victims.labels import Duties
from core.victims.service import VictimInvalid, validate_care_log, validate_victim
from tests.victims.conftest import VICTIM

TODAY = date(2026, 12, 2)


def care_log_errors(mad, **form):
    with pytest.raises(VictimInvalid) as caught:
        validate_care_log(mad, form, today=TODAY)
    return caught.value.errors


@pytest.mark.parametrize("duty", Duties.ALL)
def test_every_no_needs_a_reason_naming_its_box(mad, duty):
    errors = care_log_errors(mad, **{duty: "no"})
    assert list(errors) == [f"{duty}_rationale"]
    assert "you answered no, so give the reason" in errors[f"{duty}_rationale"]
    from core.victims.labels import DUTY_LABELS

    assert errors[f"{duty}_rationale"].startswith(DUTY_LABELS[duty])


@pytest.mark.parametrize("duty", Duties.ALL)
def test_no_with_a_reason_is_accepted(mad, duty):
    data = validate_care_log(mad, {duty: "no", f"{duty}_rationale": "Victim declined"}, today=TODAY)
    assert data[duty] == "no" and data[f"{duty}_rationale"] == "Victim declined"


def test_an_answer_other_than_yes_no_or_not_applicable_is_refused(mad):
    errors = care_log_errors(mad, vps_offered="maybe")
    assert errors["vps_offered"] == "Victim Personal Statement offered: choose yes, no or not applicable"


@pytest.mark.parametrize(("form", "field", "words"), [
    ({"written_confirmation": "yes"}, "written_confirmation_format", "choose the format"),
    ({"written_confirmation": "yes", "written_confirmation_format": "pigeon"}, "written_confirmation_format",
     "Choose the format of the leaflet"),
    ({"vps_offered": "yes"}, "vps_offered_on", "enter the date it was offered"),
    ({"vps_offered": "yes", "vps_offered_on": "30/11/2026"}, "vps_offered_on", "enter the date like"),
    ({"vps_offered": "yes", "vps_offered_on": (TODAY + timedelta(days=1)).isoformat()}, "vps_offered_on",
     "cannot be in the future"),
    ({"contact_plan": "yes", "plan_frequency": "each_stage"}, "plan_method", "how the victim wants to be contacted"),
    ({"contact_plan": "yes", "plan_method": "sms"}, "plan_frequency", "choose how often"),
    ({"contact_plan": "yes", "plan_method": "sms", "plan_frequency": "every_n_working_days"}, "plan_every_days",
     "every how many working days"),
    ({"contact_plan": "yes", "plan_method": "sms", "plan_frequency": "every_n_working_days", "plan_every_days": "40"},
     "plan_every_days", "every 1 to 28 working days"),
    ({"contact_plan": "yes", "plan_method": "sms", "plan_frequency": "every_n_working_days", "plan_every_days": "ten"},
     "plan_every_days", "whole number"),
    ({"plan_topics": ["gossip"]}, "plan_topics", "what the victim wants to hear about"),
    ({"needs_assessment": "yes", "vna__safety": "yes"}, "vna__housing", "Victim Needs Assessment: answer"),
    ({"vna__safety": "perhaps"}, "vna__safety", "answer each question yes or no"),
    ({"right_to_review": "yes"}, "right_to_review", "no-further-action closure"),
    ({"key_decision": "nfa"}, "key_decision_on", "enter the date it was made"),
    ({"key_decision": "nfa", "key_decision_on": (TODAY + timedelta(days=3)).isoformat()}, "key_decision_on",
     "cannot be in the future"),
])
def test_each_box_explains_what_is_wrong(mad, form, field, words):
    errors = care_log_errors(mad, **form)
    assert field in errors, errors
    assert words in str(errors[field])


def test_a_complete_first_contact_care_log_is_accepted(mad):
    questions = mad.config.care_log["vna_questions"]
    form = {"written_confirmation": "yes", "written_confirmation_format": "paper", "oic_contact_left": "yes",
            "needs_assessment": "yes", "contact_plan": "yes", "plan_method": "sms",
            "plan_frequency": "every_n_working_days", "plan_every_days": "10", "plan_topics": ["arrest", "court"],
            "referral": "no", "referral_rationale": "Victim does not want support now", "vps_offered": "yes",
            "vps_offered_on": TODAY.isoformat(), "right_to_review": "not_applicable", "compensation": "not_applicable",
            **{f"vna__{q['id']}": "no" for q in questions}}
    data = validate_care_log(mad, form, today=TODAY)
    assert data["plan_every_days"] == 10 and data["vna"]["safety"] == "no"


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"name": ""}, "name", "Enter the victim's name"),
    ({"crime_reference": "nonsense"}, "crime_reference", "06/123456/26"),
    ({"phone": "0161 496 0123"}, "phone", "not a mobile number"),
    ({"email": "jo at example"}, "email", "Enter an email address"),
    ({"locale": "xx"}, "locale", "Choose one of the languages offered"),
    ({"enhanced_category": "famous"}, "enhanced_category", "Choose an enhanced rights category"),
    ({"district": "Atlantis"}, "district", "Choose the district"),
    ({"crime_type": "jaywalking"}, "crime_type", "Choose a crime type"),
    ({"oic_name": ""}, "oic_name", "Enter the officer in charge"),
    ({"person_kind": "bystander"}, "person_kind", "victim or affected witness"),
    ({"reference_kind": "collision", "crime_reference": "?"}, "crime_reference", "collision reference"),
])
def test_each_victim_box_explains_what_is_wrong(mad, change, field, words):
    with pytest.raises(VictimInvalid) as caught:
        validate_victim(mad, {**VICTIM, **change})
    assert words in caught.value.errors[field], caught.value.errors


def test_a_victim_with_enhanced_rights_and_blank_optional_boxes_is_accepted(mad):
    data = validate_victim(mad, {**VICTIM, "email": " ", "enhanced_category": "vulnerable_intimidated"})
    assert data["email"] is None and data["phone"] == "+447700900123"
    assert data["enhanced_category"] == "vulnerable_intimidated"


def test_a_collision_reference_follows_the_forces_pattern(make_mad_app):
    from core.testing import base_config

    config = base_config()
    config["care_log"] = {"collision_reference_pattern": r"^RTC/[0-9]{6}$"}
    mad = make_mad_app(config=config).extensions["mad"]
    assert validate_victim(mad, {**VICTIM, "reference_kind": "collision", "crime_reference": "rtc/123456"})[
        "crime_reference"] == "RTC/123456"
