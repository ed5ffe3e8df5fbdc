"""Who is told: one notification per school, the local authority for home education, clear errors."""

import pytest
from sqlalchemy import update

from core.models.referrals import School
from core.referrals import service
from core.referrals.types import ReferralInvalid
from tests.referrals.factories import encompass_payload

THREE_CHILDREN = [{"name": "Amira Example"},
                  {"name": "Bilal Example", "school": "ashbey primary", "date_of_birth": "2/9/2015"},
                  {"name": "Cara Example", "school": "Southmere High, Southmere", "date_of_birth": "1/1/2012"}]


def test_several_children_at_one_school_make_one_notification_per_school(encompass_app):
    mad = encompass_app().extensions["mad"]
    prepared = service.prepare(mad, "encompass", encompass_payload(children=THREE_CHILDREN))
    recipients = {r.name: r for r in prepared.recipients}
    assert sorted(recipients) == ["Ashby Primary School", "Southmere High School"]
    assert [c["name"] for c in recipients["Ashby Primary School"].items] == ["Amira Example", "Bilal Example"]
    assert recipients["Ashby Primary School"].email == "dsl.ashby-primary@example.org"
    assert [c["name"] for c in recipients["Southmere High School"].items] == ["Cara Example"]


def test_a_child_educated_at_home_is_notified_to_the_local_authority(encompass_app):
    mad = encompass_app().extensions["mad"]
    prepared = service.prepare(mad, "encompass", encompass_payload(
        children=[{}, {"name": "Dev Example", "education": "home", "school": "", "local_authority": "991"}]))
    by_kind = {r.kind: r for r in prepared.recipients}
    assert by_kind["local_authority"].name == "Southmere City Council"
    assert by_kind["local_authority"].email == "home.education@southmere.example.org"
    assert [c["name"] for c in by_kind["local_authority"].items] == ["Dev Example"]
    assert by_kind["school"].name == "Ashby Primary School"


def test_an_unclear_school_offers_the_likely_ones(encompass_app):
    mad = encompass_app().extensions["mad"]
    with pytest.raises(ReferralInvalid) as caught:
        service.prepare(mad, "encompass", encompass_payload(children=[{"school": "Southmere"}]))
    message = caught.value.errors["children-0-school"][0]
    assert message.startswith("Which school? Did you mean:")
    assert "Southmere High School, Southmere (URN 990005)" in message and "Southmere Infant School" in message


def test_a_school_typed_as_offered_or_by_urn_is_found(encompass_app):
    mad = encompass_app().extensions["mad"]
    for typed in ("Southmere Infant School, Southmere (URN 990004)", "990004"):
        prepared = service.prepare(mad, "encompass", encompass_payload(children=[{"school": typed}]))
        assert [r.name for r in prepared.recipients] == ["Southmere Infant School"]


def test_no_such_school(encompass_app):
    mad = encompass_app().extensions["mad"]
    with pytest.raises(ReferralInvalid) as caught:
        service.prepare(mad, "encompass", encompass_payload(children=[{"school": "Hogwarts"}]))
    assert caught.value.errors == {"children-0-school": ["No school by that name: check the spelling, or type its URN"]}


def test_a_school_without_a_dsl_address_says_who_can_add_it(encompass_app):
    mad = encompass_app().extensions["mad"]
    with mad.session() as session:
        session.execute(update(School).where(School.urn == "990001").values(dsl_email=None))
    with pytest.raises(ReferralInvalid) as caught:
        service.prepare(mad, "encompass", encompass_payload())
    assert "No DSL email is recorded for Ashby Primary School: ask a Victims' Services Coordinator" in \
        caught.value.errors["children-0-school"][0]


def test_a_closed_school_is_not_offered(encompass_app):
    mad = encompass_app().extensions["mad"]
    with pytest.raises(ReferralInvalid):
        service.prepare(mad, "encompass", encompass_payload(children=[{"school": "Old Kingsford Grammar"}]))
