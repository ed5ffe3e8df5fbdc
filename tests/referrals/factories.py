"""Test data for referrals: an Encompass payload and an app with the fictional demo schools."""

import copy

from core.referrals.demo import load_demo_schools

CRIME = "06/123456/26"

CHILD = {"name": "Amira Example", "date_of_birth": "14/05/2017", "education": "school",
         "school": "Ashby Primary School", "year_group": "Year 4", "present": "elsewhere",
         "where": "asleep upstairs"}

PAYLOAD = {
    "crime_reference": CRIME, "incident_date": "18/11/2026", "incident_time": "22:15",
    "incident_location": "12 Example Road, Ashby", "district": "Northtown",
    "circumstances": "Verbal argument between the parents; one arrested for assault.",
    "children": [CHILD], "voice": "alone", "voice_words": "I heard shouting and I was scared.",
    "other_information": "", "officer_name": "PC 1234 Jones", "officer_contact": "pc1234@example.org",
}


def encompass_payload(children=None, **changes):
    """A valid Encompass payload (one child at Ashby Primary School) with ``changes``."""
    payload = copy.deepcopy(PAYLOAD)
    if children is not None:
        payload["children"] = [{**CHILD, **child} for child in children]
    payload.update(changes)
    return payload


def with_demo_schools(app):
    """Load the fictional schools (DSL addresses at example.org) into ``app``; return the app."""
    with app.extensions["mad"].session() as session:
        load_demo_schools(session)
    return app
