"""The Encompass form's validation: every problem named, in words an officer can act on."""

from datetime import date

import pytest
from marshmallow import ValidationError

from plugins.referral_encompass.fields import parse_time, parse_uk_date
from plugins.referral_encompass.schema import EncompassSchema
from tests.referrals.factories import encompass_payload

TODAY = date(2026, 12, 2)


def errors_for(payload):
    with pytest.raises(ValidationError) as caught:
        EncompassSchema(districts=["Northtown", "Southmere"], today=TODAY).load(payload)
    return caught.value.messages


def test_a_complete_form_loads_into_dates_and_times():
    data = EncompassSchema(districts=["Northtown"], today=TODAY).load(encompass_payload())
    assert data["incident_date"] == date(2026, 11, 18) and data["incident_time"].strftime("%H:%M") == "22:15"
    assert data["children"][0]["date_of_birth"] == date(2017, 5, 14)


@pytest.mark.parametrize("born, problem", [
    ("19/11/2022", "this date of birth makes the child 3"),
    ("17/11/2008", "this date of birth makes the child 18"),
    ("01/01/2027", "cannot be in the future"),
    ("20/11/2026", "after the incident"),
    ("31/02/2016", "Enter the child's date of birth as a real date"),
])
def test_a_child_must_be_4_to_17_with_a_sensible_date_of_birth(born, problem):
    errors = errors_for(encompass_payload(children=[{"date_of_birth": born}]))
    assert problem in errors["children"][0]["date_of_birth"][0]


def test_ages_4_and_17_are_accepted():
    EncompassSchema(today=TODAY).load(encompass_payload(children=[{"date_of_birth": "18/11/2022"},
                                                                   {"date_of_birth": "19/11/2008"}]))


def test_every_missing_field_is_named_at_once():
    errors = errors_for(encompass_payload(children=[{"name": "", "present": "", "school": ""}], circumstances="",
                                          district="Atlantis", voice="alone", voice_words="", officer_contact=""))
    assert errors["circumstances"] == ["Describe the incident briefly: what happened and who was involved"]
    assert errors["district"] == ["Choose the district the incident was in"]
    assert errors["voice_words"] == ["Write what the children said, in their own words"]
    assert errors["officer_contact"] == ["Enter how the school can reach the notifying officer (phone or email)"]
    child = errors["children"][0]
    assert child["name"] == ["Enter the child's full name"]
    assert child["present"] == ["Say whether the child was present during the incident"]
    assert child["school"] == ["Enter the child's school (its name and town, or its URN)"]


def test_home_education_needs_a_local_authority_not_a_school():
    errors = errors_for(encompass_payload(children=[{"education": "home", "school": ""}]))
    assert errors["children"][0]["local_authority"] == ["Choose the local authority for a child educated at home"]


def test_an_incident_in_the_future_and_no_children():
    errors = errors_for(encompass_payload(incident_date="03/12/2026", children=[]))
    assert errors["incident_date"] == ["The date of the incident cannot be in the future"]
    assert errors["children"] == ["Add between 1 and 12 children"]


@pytest.mark.parametrize("typed, expected", [("22:15", "22:15"), ("2215", "22:15"), ("10:15pm", "22:15"),
                                              ("10.15 am", "10:15"), ("12am", "00:00"), ("7", "07:00")])
def test_times_as_officers_type_them(typed, expected):
    assert parse_time(typed).strftime("%H:%M") == expected


@pytest.mark.parametrize("typed", ["25:00", "13pm", "quarter past", ""])
def test_times_that_are_not_times(typed):
    with pytest.raises(ValueError):
        parse_time(typed)


@pytest.mark.parametrize("typed", ["27/3/2017", "27-03-2017", "27.03.2017", "2017-03-27"])
def test_dates_as_officers_type_them(typed):
    assert parse_uk_date(typed) == date(2017, 3, 27)
