"""A new Encompass form starts from the crime, the officer, and the crime's earlier referrals."""

from types import SimpleNamespace

from core.referrals import service
from tests.referrals.factories import CRIME, encompass_payload

OFFICER = SimpleNamespace(id=None, display_name="PC 1234 Jones", email="pc1234@example.org")


def test_a_first_referral_starts_from_the_crime_and_the_officer(encompass_app):
    mad = encompass_app().extensions["mad"]
    payload = service.prefill(mad, "encompass", CRIME, OFFICER)
    assert payload["crime_reference"] == CRIME
    assert (payload["officer_name"], payload["officer_contact"]) == ("PC 1234 Jones", "pc1234@example.org")
    assert "children" not in payload


def test_a_second_referral_starts_from_the_first(encompass_app):
    mad = encompass_app().extensions["mad"]
    service.make(mad, service.prepare(mad, "encompass", encompass_payload()), OFFICER)
    payload = service.prefill(mad, "encompass", CRIME, OFFICER)
    values = mad.referral_types["encompass"].form_values(payload)
    assert values["incident_date"] == "18/11/2026" and values["incident_time"] == "22:15"
    assert values["incident_location"] == "12 Example Road, Ashby" and values["district"] == "Northtown"
    assert values["children-0-name"] == "Amira Example"
    assert values["children-0-date_of_birth"] == "14/05/2017"
    assert values["children-0-school"] == "Ashby Primary School"
    # Only this crime's referrals: another crime starts afresh.
    assert "children" not in service.prefill(mad, "encompass", "06/654321/26", OFFICER)


def test_victims_recorded_on_the_crime_are_added_as_children(encompass_app, monkeypatch):
    mad = encompass_app().extensions["mad"]
    victims = (SimpleNamespace(name="Amira Example", age=9), SimpleNamespace(name="Adult Example", age=34))
    monkeypatch.setattr(service, "recorded_victims", lambda mad, reference: victims)
    payload = service.prefill(mad, "encompass", CRIME, OFFICER)
    assert [c["name"] for c in payload["children"]] == ["Amira Example"]
