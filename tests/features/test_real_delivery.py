"""Step definitions for features/real_delivery.feature: delivery through Twilio and SMTP.

The officer acts on the real pages (tests/helpers.py); texts go through the twilio library to the
Twilio stand-in, emails through smtplib to aiosmtpd, both on loopback; the delivery receipt is
posted to the callback URL Twilio was given, signed as Twilio signs it.
"""

from urllib.parse import urlsplit

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from twilio.request_validator import RequestValidator

from tests.features.pages import crime_record, parse_page
from tests.features.scenario import Scenario
from tests.helpers import preview_and_send
from tests.plugins.email_smtp import conftest as email_fixtures
from tests.plugins.email_smtp.conftest import smtp_settings
from tests.plugins.sms_twilio import conftest as sms_fixtures
from tests.plugins.sms_twilio.conftest import ACCOUNT_SID, AUTH_TOKEN, twilio_settings

scenarios("real_delivery.feature")

#: The plugins' own stand-in fixtures, used here unchanged.
twilio = sms_fixtures.twilio
smtp_server = email_fixtures.smtp_server


@pytest.fixture
def case():
    return Scenario()


@given("Testshire Police sends texts through Twilio and emails through its own mail server")
def real_providers(case, make_mad_app, twilio, smtp_server, monkeypatch):
    monkeypatch.setenv("MAD_TEST_TWILIO_TOKEN", AUTH_TOKEN)
    case.app = make_mad_app(enabled=["sms_twilio", "email_smtp"],
                            settings={"sms_twilio": twilio_settings(twilio), "email_smtp": smtp_settings(smtp_server)})


def send(case, kind, reference, contact):
    values = {"crime_reference": reference, "kind": kind, "recipient": contact, "locale": "en",
              "field__officer_name": "PC 1234 Jones"}
    response = preview_and_send(case.client, "crime_reference_assigned", values)
    assert response.status_code in (200, 302), response.get_data(as_text=True)
    case.app.extensions["mad"].dispatcher.run_once()  # one attempt, as the dispatcher makes when woken


@given(parsers.parse("I have texted the victim of crime {reference} on {number} their crime reference"))
@when(parsers.parse("I text the victim of crime {reference} on {number} their crime reference"))
def text_victim(case, reference, number):
    case.reference = reference
    send(case, "sms", reference, number)


@when(parsers.parse("I email the victim of crime {reference} at {address} their crime reference"))
def email_victim(case, reference, address):
    case.reference = reference
    send(case, "email", reference, address)


@given("Twilio will take too long to answer after accepting my next text")
def twilio_slow(twilio):
    twilio.script = ["hang-after-create"]


@given("the force's mail server is down")
def mail_down(smtp_server):
    smtp_server.stop()


@when("the mail server is back")
def mail_back(case, smtp_server):
    smtp_server.start()
    case.app.extensions["mad"].dispatcher.drain()


@when("the mobile network reports that the text could not be delivered because the phone was unreachable")
def receipt_unreachable(case, twilio):
    [created] = twilio.messages
    fields = {"MessageSid": created["sid"], "AccountSid": ACCOUNT_SID, "MessageStatus": "undelivered",
              "ErrorCode": "30003", "To": created["to"]}
    url = created["status_callback"]
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, fields)
    parts = urlsplit(url)
    response = case.app.test_client().post(f"{parts.path}?{parts.query}", data=fields,
                                           headers={"X-Twilio-Signature": signature})
    assert response.status_code == 204


def crime_page(case):
    response = case.client.get(f"/crimes/{case.reference}")
    assert response.status_code == 200
    return crime_record(parse_page(response.get_data(as_text=True)))


@then("the crime's page shows the text was not delivered because the victim's phone was unreachable")
def shows_not_delivered(case):
    [row] = crime_page(case)["messages"]
    assert row["status"].startswith("Not sent") and "The victim's phone was unreachable" in row["status"]


@then("the crime's record says the text was NOT DELIVERED")
def record_not_delivered(case):
    entries = crime_page(case)["entries"]
    assert any(entry["text"].startswith("NOT DELIVERED: The victim's phone was unreachable") for entry in entries)


@then("the victim receives the text exactly once")
def text_once(twilio):
    assert len(twilio.bodies_to("+447700900123")) == 1


@then(parsers.parse("the crime's page shows the {what} as sent"))
def shows_sent(case, what):
    [row] = crime_page(case)["messages"]
    assert row["status"] == "Sent"


@then("the crime's page shows the email is still waiting to go")
def shows_waiting(case):
    [row] = crime_page(case)["messages"]
    assert row["status"].startswith("Waiting to send") and "Could not connect to the email server" in row["status"]


@then("the victim receives the email exactly once")
def email_once(case, smtp_server):
    [arrived] = smtp_server.handler.received
    assert arrived["rcpt_tos"] == ["sam.victim@example.org"]
