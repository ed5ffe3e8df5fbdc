"""Victims' details never reach the logs: ids and states only."""

import logging

from core import hookimpl
from core.toolkit import TemporaryFailure, Channel
from tests.helpers import SMS_UPDATE, preview_and_send


class FailingOnce(Channel):
    name = "failing_once"
    kind = "sms"

    def __init__(self):
        self.failed = False

    def send(self, message):
        if not self.failed:
            self.failed = True
            raise TemporaryFailure("gateway busy")
        raise RuntimeError("unexpected answer from gateway")


class Plugin:
    name = "failing_channel"

    @hookimpl
    def register_channels(self, mad):
        return [FailingOnce()]


def test_a_send_with_retries_and_failures_logs_no_recipient_or_text(make_mad_app, signed_in, caplog):
    app = make_mad_app(plugins=[Plugin()])
    client, _ = signed_in(app)
    caplog.set_level(logging.DEBUG)
    preview_and_send(client, "crime_reference_assigned", SMS_UPDATE)
    app.extensions["mad"].dispatcher.drain()
    assert any("message delivery outcome unknown" in r.getMessage() for r in caplog.records), "the outcome was logged"
    secrets = ["7700900123", "7700 900123", "PC 1234 Jones", "your crime reference is"]
    for record in caplog.records:
        text = record.getMessage() + " " + " ".join(str(v) for v in vars(record).values())
        for secret in secrets:
            assert secret not in text, f"{secret!r} reached the log: {record.getMessage()}"


def test_a_database_error_does_not_carry_the_victims_details_into_its_text(make_mad_app):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from core.models import Message

    mad = make_mad_app().extensions["mad"]
    with pytest.raises(IntegrityError) as error:
        with mad.session() as session:
            session.add(Message(id="m1", idempotency_key="k", crime_reference="06/123456/26", template_id="t",
                                kind="sms", channel="sandbox_sms", locale="en", recipient="+447700900123",
                                recipient_masked=None, body="your crime reference is 06/123456/26"))
    assert "7700900123" not in str(error.value) and "your crime reference" not in str(error.value)


class LookupFailing(Channel):
    name = "lookup_failing"
    kind = "sms"

    def send(self, message):
        raise RuntimeError(f"no answer about {message.recipient}")

    def lookup(self, message_id):
        raise RuntimeError("lookup refused for +447700900123: your crime reference is")


class LookupFailingPlugin:
    name = "lookup_failing_channel"

    @hookimpl
    def register_channels(self, mad):
        return [LookupFailing()]


def test_a_failed_lookup_logs_no_recipient_or_text(make_mad_app, signed_in, caplog):
    app = make_mad_app(plugins=[LookupFailingPlugin()])
    client, _ = signed_in(app)
    caplog.set_level(logging.DEBUG)
    preview_and_send(client, "crime_reference_assigned", SMS_UPDATE)
    app.extensions["mad"].dispatcher.run_once()
    assert any("lookup failed" in r.getMessage() for r in caplog.records), "the failed lookup was logged"
    for record in caplog.records:
        text = record.getMessage() + " " + " ".join(str(v) for v in vars(record).values())
        for secret in ["7700900123", "your crime reference is"]:
            assert secret not in text, f"{secret!r} reached the log: {record.getMessage()}"
