"""Step definitions for features/outages.feature: outages waited out, failures told to the officer.

The app runs with records_policeworks (writing over SOAP to the real simulator on loopback) and
email_smtp (to a real aiosmtpd server on loopback); texts go to the sandbox. Time is a fake clock
(:class:`core.testing.FakeClock`), so an afternoon or a week passes in moments; the dispatcher runs
as it would, trying each item when it falls due.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from pytest_bdd import given, scenarios, then, when
from sqlalchemy import func, select

from core.models import RecordsWrite, SandboxCapture
from core.testing import csrf_from
from plugins.records_policeworks.simulator import Simulator
from tests.features.scenario import Scenario
from tests.helpers import preview_and_send
from tests.plugins.email_smtp.smtp_server import SmtpServer

scenarios("outages.feature")

USERNAME, PASSWORD = "mad-feature", "feature-test-password"
AFTERNOON = datetime(2026, 3, 3, 13, 0, tzinfo=UTC)  # a Tuesday, 1pm


@dataclass
class Outage(Scenario):
    simulator: object = None
    smtp: object = None
    sent: list = field(default_factory=list)  # the status page URL of each message sent
    pressed_retry: bool = False


@pytest.fixture
def case():
    made = Outage()
    yield made
    if made.simulator is not None:
        made.simulator.stop()
    if made.smtp is not None:
        made.smtp.stop()


def run_until(case, clock, until):
    """Let time pass to ``until``, running the dispatcher whenever something falls due."""
    while True:
        case.mad.dispatcher.run_once()
        with case.mad.session() as session:
            due = session.scalar(select(func.min(RecordsWrite.next_attempt_at)).where(RecordsWrite.status == "pending"))
        if due is None or due > until:
            clock.now = max(clock.now, until)
            case.mad.dispatcher.run_once()
            return
        clock.now = max(clock.now, due)


def policeworks_writes(case):
    with case.mad.session() as session:
        return session.scalars(select(RecordsWrite).where(RecordsWrite.writer == "policeworks")).all()


# --- Given ---------------------------------------------------------------------------------


@given("Testshire Police writes every update into PoliceWorks and emails victims through its mail server")
def _(case, make_mad_app, monkeypatch, fake_clock):
    fake_clock.now = AFTERNOON
    case.simulator = Simulator(port=0, username=USERNAME, password=PASSWORD).start()
    case.smtp = SmtpServer().start()
    monkeypatch.setenv("MAD_FEATURE_PW_USER", USERNAME)
    monkeypatch.setenv("MAD_FEATURE_PW_PASSWORD", PASSWORD)
    case.app = make_mad_app(enabled=["records_policeworks", "email_smtp"], settings={
        "records_policeworks": {"endpoint": case.simulator.endpoint, "username": {"$env": "MAD_FEATURE_PW_USER"},
                                "password": {"$env": "MAD_FEATURE_PW_PASSWORD"}, "timeout_seconds": 2.0,
                                "lookup_timeout_seconds": 1.0},
        "email_smtp": {"host": "127.0.0.1", "port": case.smtp.port, "security": "none",
                       "from_address": "updates@example.org", "from_name": "Testshire Police", "timeout_seconds": 5}})
    case.mad.config.dispatcher.update(backoff_seconds=2.0)  # the shipped defaults otherwise


@given("it is 1pm and PoliceWorks has just gone down")
@given("PoliceWorks has just gone down")
def _(case):
    case.simulator.set_mode("http500")


@given("the mail server will take the next email and drop the line before it answers")
def _(case):
    case.smtp.handler.data_replies = ["drop"]


# --- When ----------------------------------------------------------------------------------


def send(case, kind, contact):
    values = {"crime_reference": "06/123456/26", "kind": kind, "recipient": contact, "locale": "en",
              "field__officer_name": "PC 1234 Jones"}
    response = preview_and_send(case.client, "crime_reference_assigned", values)
    assert response.status_code == 302, response.get_data(as_text=True)
    case.sent.append(response.headers["Location"])
    case.mad.dispatcher.run_once()


@when("I text three victims of crime 06/123456/26 their crime reference during the afternoon")
def _(case, fake_clock):
    for hour, number in ((1, "07700 900101"), (2, "07700 900102"), (3, "07700 900103")):
        run_until(case, fake_clock, AFTERNOON + timedelta(hours=hour))
        send(case, "sms", number)


@when("I text the victim of crime 06/123456/26 their crime reference")
def _(case):
    send(case, "sms", "07700 900123")


@when("I email the victim of crime 06/123456/26 their crime reference")
def _(case):
    send(case, "email", "victim@example.org")


@when("eight days go by with PoliceWorks still down")
def _(case, fake_clock):
    # The dispatcher looks every few hours here (each look tries what is due), to keep the test short;
    # the first afternoon runs every attempt as it falls due.
    run_until(case, fake_clock, fake_clock.now + timedelta(hours=4))
    for _ in range(8 * 4):
        fake_clock.advance(hours=6)
        case.mad.dispatcher.run_once()


@when("PoliceWorks comes back at 6pm")
def _(case, fake_clock):
    run_until(case, fake_clock, AFTERNOON + timedelta(hours=5))
    case.simulator.set_mode("ok")


@when('I have checked with the victim and press "Send again"')
def _(case):
    page = case.client.get(case.sent[-1]).get_data(as_text=True)
    assert "Send again" in page
    response = case.client.post(case.sent[-1] + "/send-again", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    case.mad.dispatcher.drain()


# --- Then ----------------------------------------------------------------------------------


@then("each victim gets their text straight away")
def _(case):
    with case.mad.session() as session:
        numbers = sorted(session.scalars(select(SandboxCapture.recipient)).all())
    assert numbers == ["+447700900101", "+447700900102", "+447700900103"]


@then("at 5pm the three entries are still waiting for PoliceWorks, not given up")
def _(case, fake_clock):
    run_until(case, fake_clock, AFTERNOON + timedelta(hours=4))
    assert [w.status for w in policeworks_writes(case)] == ["pending"] * 3
    assert case.simulator.entries() == []


@then("my home page does not say that anything needs my attention")
def _(case):
    assert "Needs your attention" not in case.client.get("/").get_data(as_text=True)


@then("by 6:10pm the crime's chronology in PoliceWorks shows each text once")
def _(case, fake_clock):
    run_until(case, fake_clock, AFTERNOON + timedelta(hours=5, minutes=10))
    writes = policeworks_writes(case)
    assert [w.status for w in writes] == ["written"] * 3
    landed = [e.entry_id for e in case.simulator.entries("06/123456/26")]
    assert sorted(landed) == sorted(w.entry_id for w in writes)


@then('nobody had to press "Retry now"')
def _(case):
    assert all(w.attempts > 1 for w in policeworks_writes(case)), "each was retried by the toolkit itself"
    assert not case.pressed_retry


@then("my home page tells me the entry for crime 06/123456/26 was not written into the crime's record, and why")
def _(case):
    home = case.client.get("/").get_data(as_text=True)
    assert "Needs your attention" in home
    assert ("not written into the crime's record in policeworks: Still failing after 7 days of retries" in home)
    assert "PoliceWorks answered with an error page instead of SOAP" in home


@then("a supervisor sees it on the list of what needs attention")
def _(case, signed_in):
    supervisor, _ = signed_in(case.app, role="supervisor")
    listing = supervisor.get("/attention").get_data(as_text=True)
    assert "06/123456/26" in listing and "Still failing after 7 days of retries" in listing


@then("the message's page says it may have been delivered and that I should check with the victim before sending again")
def _(case):
    page = case.client.get(case.sent[-1]).get_data(as_text=True)
    assert "This message may have been delivered: check with the victim before sending again." in page
    assert "Sending again may give the victim the same message twice." in page


@then("the crime's page says the same, and never that the email was not delivered")
def _(case):
    crime = case.client.get("/crimes/06/123456/26").get_data(as_text=True)
    assert "May have been delivered: check with the victim before sending again" in crime
    assert "not delivered" not in crime.lower()


@then("the crime's chronology in PoliceWorks says the email may have been delivered")
def _(case):
    case.mad.dispatcher.drain()
    (entry,) = case.simulator.entries("06/123456/26")
    assert entry.entry_type == "message_outcome_unknown"
    assert entry.text.startswith("MAY HAVE BEEN DELIVERED: check with the victim before sending again")


@then("my home page tells me to check with the victim")
def _(case):
    home = case.client.get("/").get_data(as_text=True)
    assert "Needs your attention" in home and "check with the victim before sending again" in home


@then("the victim has had the email twice in all, and no more")
def _(case):
    assert len(case.smtp.handler.received) == 2
