"""Factories for victims' tests: a victim recorded through the service, as the page would."""

from datetime import date

import pytest

from core.victims.service import record_victim

VICTIM = {
    "crime_reference": "06/123456/26",
    "name": "Jo Bloggs",
    "phone": "07700 900123",
    "email": "jo.bloggs@example.org",
    "locale": "en",
    "district": "Northtown",
    "crime_type": "volume",
    "oic_name": "PC 1234 Jones",
}


@pytest.fixture
def make_victim():
    """Factory: ``make_victim(mad, user=None, recorded_on=date, **overrides)`` → the stored Victim."""

    def make(mad, user=None, recorded_on=None, **overrides):
        payload = {**VICTIM, **overrides}
        if user is not None and "oic_name" not in overrides:
            payload["oic_name"] = user.display_name
        return record_victim(mad, payload, user, today=recorded_on or date.today())

    return make
