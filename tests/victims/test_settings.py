"""The ``[care_log]`` table: Victims' Code defaults, and a clear error for every bad key."""

import pytest

from core.config import ConfigError, parse_config
from core.testing import SECRET, base_config


def load(care_log):
    data = base_config()
    data["care_log"] = care_log
    return parse_config(data, ".", environ={"MAD_SECRET_KEY": SECRET})


def test_defaults_follow_the_victims_code():
    rules = load({}).care_log
    assert (rules["key_decision_working_days"], rules["key_decision_working_days_enhanced"]) == (5, 1)
    assert (rules["referral_working_days"], rules["referral_working_days_enhanced"]) == (2, 1)
    assert rules["max_interval_days"] == 28 and rules["ring_back_days"] == 7
    assert rules["ring_back_teams"] == {"hate": "Cohesion officers"}
    assert [q["id"] for q in rules["vna_questions"]] == [
        "safety", "health", "disability", "communication", "housing", "finances", "emotional", "repeat", "hate",
        "intimidation", "children"]


@pytest.mark.parametrize(("care_log", "words"), [
    ({"max_interval_days": 0}, "care_log.max_interval_days: must be a whole number from 1 to 365"),
    ({"ring_back_crime_types": ["parking"]}, "care_log.ring_back_crime_types.0: must be one of"),
    ({"vna_questions": [{"id": "money", "question": "Money worries?", "needs": ["yachts"]}]},
     "unknown directory need(s) yachts"),
    ({"vna_questions": [{"id": "a", "question": "First one?"}, {"id": "a", "question": "Second one?"}]},
     "question ids must be unique; repeated: a"),
    ({"collision_reference_pattern": "(["}, "not a valid regular expression"),
])
def test_bad_settings_stop_start_up_naming_the_key(care_log, words):
    with pytest.raises(ConfigError) as caught:
        load(care_log)
    assert words in str(caught.value)


def test_a_force_replaces_the_needs_assessment():
    rules = load({"vna_questions": [{"id": "money", "question": "Any money worries?", "needs": ["financial_hardship"]}]})
    assert rules.care_log["vna_questions"] == [
        {"id": "money", "question": "Any money worries?", "needs": ["financial_hardship"]}]
