"""Victims' details are kept only as long as configured; what compliance needs stays."""

from datetime import timedelta

from sqlalchemy import select

from core.db import utcnow
from core.messaging.service import prepare, queue
from core.models import AuditChronologyEntry, Message, SandboxCapture
from core.retention import purge_expired
from tests.factories import update_request

REQUEST = update_request()


def test_old_messages_lose_personal_details_but_keep_their_facts(make_mad_app, database):
    mad = make_mad_app(database=database).extensions["mad"]
    mad.config.retention["message_days"] = 30
    from core.messaging.outbox import deliver

    sent, _ = queue(mad, prepare(mad, {**REQUEST, "idempotency_key": "sent-message-1"}), None)
    waiting, _ = queue(mad, prepare(mad, {**REQUEST, "idempotency_key": "still-waiting"}), None)
    also_sent, _ = queue(mad, prepare(mad, {**REQUEST, "idempotency_key": "sent-message-2"}), None)
    deliver(mad, sent.id)
    deliver(mad, also_sent.id)

    assert purge_expired(mad, now=utcnow() + timedelta(days=31)) == 2
    with mad.session() as session:
        purged = session.get(Message, sent.id)
        assert (purged.recipient, purged.body, purged.fields) == (None, None, None)
        assert (purged.status, purged.template_id, purged.recipient_masked) == ("sent", "crime_reference_assigned",
                                                                                "+4477009***23")
        assert session.get(Message, waiting.id).recipient == "+447700900123", "undelivered messages are kept"
        assert session.scalars(select(SandboxCapture)).all() == []

    assert purge_expired(mad, now=utcnow() + timedelta(days=31)) == 0


def test_nothing_is_purged_inside_the_retention_period(make_mad_app):
    mad = make_mad_app().extensions["mad"]
    message, _ = queue(mad, prepare(mad, REQUEST), None)
    mad.dispatcher.drain()
    assert purge_expired(mad, now=utcnow() + timedelta(days=364)) == 0
    with mad.session() as session:
        assert session.get(Message, message.id).recipient == "+447700900123"
        assert len(session.scalars(select(AuditChronologyEntry)).all()) == 1
