"""The referral service: one transaction per referral, one message per recipient, the event, idempotency."""

import pytest
from sqlalchemy import func, select

from core.events import ReferralMade
from core import hookimpl
from core.constants import EntryTypes, MessageStatus
from core.messaging.outbox import deliver
from core.models.messages import Message
from core.models.records import RecordsEntry, RecordsWrite
from core.models.referrals import Referral
from core.referrals import service
from core.referrals.statuses import ReferralStatus, state_of
from core.referrals.types import ReferralInvalid
from core.db import utcnow
from tests.referrals.factories import CRIME, encompass_payload


class Listener:
    name = "listener"

    def __init__(self):
        self.events = []

    @hookimpl
    def track_event(self, event):
        if isinstance(event, ReferralMade):
            self.events.append(event)


def _count(mad, model):
    with mad.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_children_at_two_schools_make_two_messages_and_two_entries_in_one_referral(encompass_app, database):
    listener = Listener()
    app = encompass_app(database=database, plugins=[listener])
    mad = app.extensions["mad"]
    payload = encompass_payload(children=[{"name": "Amira Example"}, {"name": "Bilal Example", "date_of_birth": "2/9/2015"},
                                          {"name": "Cara Example", "school": "Southmere High",
                                           "date_of_birth": "1/1/2012"}])
    prepared = service.prepare(mad, "encompass", payload)
    referral_id, created = service.make(mad, prepared, None, idempotency_key="press-once-1")

    assert created
    referral = service.get(mad, referral_id)
    assert sorted(n.recipient_name for n in referral.notifications) == ["Ashby Primary School", "Southmere High School"]
    by_school = {n.recipient_name: n.message for n in referral.notifications}
    assert by_school["Ashby Primary School"].recipient == "dsl.ashby-primary@example.org"
    assert by_school["Southmere High School"].recipient == "safeguarding@southmere-high.example.org"
    assert all(m.attachments[0].content_type == "application/pdf" for m in by_school.values())
    with mad.session() as session:
        entries = session.scalars(select(RecordsEntry).where(RecordsEntry.crime_reference == CRIME)).all()
        assert sorted(e.entry_type for e in entries) == [EntryTypes.REFERRAL_MADE] * 2
        assert any("Amira Example, Bilal Example" in e.text for e in entries)
        assert session.scalar(select(func.count()).select_from(RecordsWrite)) == 2 * len(mad.writers)
    assert [e.referral_id for e in listener.events] == [referral_id]
    assert referral.summary == "3 child(ren), 2 school(s)"


def test_the_same_press_twice_stores_one_referral(encompass_app):
    mad = encompass_app().extensions["mad"]
    prepared = service.prepare(mad, "encompass", encompass_payload())
    first, created = service.make(mad, prepared, None, idempotency_key="same-key-123")
    second, created_again = service.make(mad, prepared, None, idempotency_key="same-key-123")
    assert (first, created, created_again) == (second, True, False)
    assert _count(mad, Referral) == 1 and _count(mad, Message) == 1


def test_a_failure_while_storing_leaves_nothing(encompass_app, monkeypatch):
    mad = encompass_app().extensions["mad"]
    prepared = service.prepare(mad, "encompass", encompass_payload())

    def crash(**kwargs):  # the process dies after the referral, messages and entries were flushed
        raise RuntimeError("power cut")

    monkeypatch.setattr(service, "RecordsWrite", crash)
    with pytest.raises(RuntimeError):
        service.make(mad, prepared, None)
    assert _count(mad, Referral) == 0 and _count(mad, Message) == 0 and _count(mad, RecordsEntry) == 0


def test_status_follows_the_messages(encompass_app):
    mad = encompass_app().extensions["mad"]
    prepared = service.prepare(mad, "encompass", encompass_payload(
        children=[{}, {"name": "Cara Example", "school": "Southmere High School", "date_of_birth": "1/1/2012"}]))
    referral_id, _ = service.make(mad, prepared, None)
    referral = service.get(mad, referral_id)
    assert state_of(referral, utcnow()).status == ReferralStatus.SENDING
    for notification in referral.notifications:
        deliver(mad, notification.message.id)
    referral = service.get(mad, referral_id)
    assert {n.message.status for n in referral.notifications} == {MessageStatus.SENT}
    assert state_of(referral, utcnow()).status == ReferralStatus.DELIVERED


def test_errors_name_every_field_in_flat_form_names(encompass_app):
    mad = encompass_app().extensions["mad"]
    with pytest.raises(ReferralInvalid) as caught:
        service.prepare(mad, "encompass", encompass_payload(
            children=[{"name": ""}, {"date_of_birth": "31/02/2016"}], incident_location="", crime_reference="nope"))
    errors = caught.value.errors
    assert errors["children-0-name"] == ["Enter the child's full name"]
    assert "real date" in errors["children-1-date_of_birth"][0]
    assert errors["incident_location"] == ["Enter where the incident happened"]


def test_unknown_referral_type():
    class Mad:
        referral_types = {}

    with pytest.raises(LookupError):
        service.referral_type(Mad(), "nope")
