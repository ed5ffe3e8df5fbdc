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
    assert any("message failed" in r.getMessage() for r in caplog.records), "the failure was logged"
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


# -- a full flow at DEBUG, with every real part: Twilio, SMTP, PoliceWorks over SOAP ----------------

from tests.plugins.email_smtp import conftest as email_fixtures  # noqa: E402
from tests.plugins.email_smtp.conftest import smtp_settings  # noqa: E402
from tests.plugins.records_policeworks import conftest as policeworks_fixtures  # noqa: E402
from tests.plugins.records_policeworks.conftest import PASSWORD as POLICEWORKS_PASSWORD  # noqa: E402
from tests.plugins.records_policeworks.conftest import USERNAME as POLICEWORKS_USERNAME  # noqa: E402
from tests.plugins.records_policeworks.conftest import settings_for  # noqa: E402
from tests.plugins.sms_twilio import conftest as sms_fixtures  # noqa: E402
from tests.plugins.sms_twilio.conftest import AUTH_TOKEN, twilio_settings  # noqa: E402

twilio = sms_fixtures.twilio
smtp_server = email_fixtures.smtp_server
simulator = policeworks_fixtures.simulator
STAND_IN_LOGGERS = ("mail.log", "tests.")


def test_a_full_flow_at_debug_logs_no_phone_email_text_or_password(make_mad_app, make_user, twilio, smtp_server,
                                                                    simulator, monkeypatch, caplog, capfd):
    from core.testing import sign_in

    monkeypatch.setenv("MAD_TEST_TWILIO_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("POLICEWORKS_USERNAME", POLICEWORKS_USERNAME)
    monkeypatch.setenv("POLICEWORKS_PASSWORD", POLICEWORKS_PASSWORD)
    caplog.set_level(logging.DEBUG)  # everything, as a force's support team might turn it on
    chatty = logging.getLogger("zeep.transports")
    was = chatty.level
    app = make_mad_app(enabled=["sms_twilio", "email_smtp", "records_policeworks"], settings={
        "sms_twilio": twilio_settings(twilio), "email_smtp": smtp_settings(smtp_server),
        "records_policeworks": settings_for(simulator)})
    chatty.setLevel(logging.DEBUG)  # even a logger explicitly turned down to DEBUG after start-up
    try:
        officer, password = make_user(app)
        client = app.test_client()
        sign_in(client, officer.email, password)
        preview_and_send(client, "crime_reference_assigned", SMS_UPDATE)
        preview_and_send(client, "crime_reference_assigned", {**SMS_UPDATE, "kind": "email",
                                                              "recipient": "jo.victim@example.com"})
        app.extensions["mad"].dispatcher.drain()
        page = client.get("/crimes/06/123456/26").get_data(as_text=True)
        assert "sent" in page and smtp_server.handler.received and twilio.messages
        assert any(record.name.startswith("core") for record in caplog.records), "logging was captured"
    finally:
        chatty.setLevel(was)
    printed = capfd.readouterr()
    secrets = ["7700900123", "7700 900123", "jo.victim@example.com", "your crime reference is", "PC 1234 Jones",
               password, POLICEWORKS_PASSWORD, AUTH_TOKEN]
    # The stand-ins play the victim's mail server and the providers: their own logs are not the toolkit's.
    ours = [r for r in caplog.records if not r.name.startswith(STAND_IN_LOGGERS)]
    lines = [record.getMessage() + " " + " ".join(str(v) for v in vars(record).values()) for record in ours]
    lines += (printed.out + printed.err).splitlines()
    for line in lines:
        for secret in secrets:
            assert secret not in line, f"{secret!r} reached the log: {line[:300]}"
