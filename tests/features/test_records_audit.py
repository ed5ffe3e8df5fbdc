"""Step definitions for features/records_audit.feature: every update written into PoliceWorks.

The app runs with the records_policeworks plugin enabled through its entry point, writing over
SOAP to the real PoliceWorks simulator on a loopback port. Officers act on the real pages through
Flask's test client (sign in, fill in the form, Preview, Send; the records writes page and its
"Retry now" button); what lands in PoliceWorks is read back from the simulator's store.
"""

import re
from dataclasses import dataclass, field

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import func, select, update

from core.db import utcnow
from core.models import Message, RecordsEntry, RecordsWrite, SandboxCapture
from core.testing import csrf_from
from plugins.records_policeworks.simulator import Simulator
from tests.features.pages import parse_page
from tests.features.scenario import Scenario
from tests.helpers import hidden_fields, preview

scenarios("records_audit.feature")

USERNAME, PASSWORD = "mad-feature", "feature-test-password"
LANGUAGES = {"English": "en", "Welsh": "cy"}


@dataclass
class Case(Scenario):
    simulator: object = None
    page: object = None
    sent: list = field(default_factory=list)  # (reference, number) of each text sent
    previews: list = field(default_factory=list)  # the preview page seen before each Send


@pytest.fixture
def case():
    made = Case()
    yield made
    if made.simulator is not None:
        made.simulator.stop()


def deliver(case):
    case.mad.dispatcher.drain()


def fill_in(reference, number, language):
    """The compose form as the officer fills it in for "Crime reference assigned" by text."""
    return {"crime_reference": reference, "kind": "sms", "recipient": number, "locale": LANGUAGES[language],
            "field__officer_name": "PC 1234 Jones"}


def send_text(case, reference, number, language):
    """Fill in "Crime reference assigned", Preview, Send; return the response to Send (or the preview)."""
    page = preview(case.client, "crime_reference_assigned", fill_in(reference, number, language))
    case.page = page
    if page.status_code != 200:
        return page
    case.previews.append(page.get_data(as_text=True))
    response = case.client.post("/updates/send/crime_reference_assigned", data=hidden_fields(page.get_data(as_text=True)))
    assert response.status_code == 302, response.get_data(as_text=True)
    case.sent.append((reference, number))
    return response


def records_page_rows(client):
    html = client.get("/records/writes").get_data(as_text=True)
    page = parse_page(html)
    table = [t for t in page.find_all("table") if t.attrs.get("data-table") == "records-writes"]
    rows = table[0].find_all("tr")[1:] if table else []
    return html, [[cell.text for cell in row.find_all("td")] for row in rows]


# --- Given ---------------------------------------------------------------------------------


@given("Testshire Police writes every update into PoliceWorks")
def _(case, make_mad_app, monkeypatch):
    case.simulator = Simulator(port=0, username=USERNAME, password=PASSWORD).start()
    monkeypatch.setenv("POLICEWORKS_USERNAME", USERNAME)
    monkeypatch.setenv("POLICEWORKS_PASSWORD", PASSWORD)
    settings = {"endpoint": case.simulator.endpoint, "username": {"$env": "POLICEWORKS_USERNAME"},
                "password": {"$env": "POLICEWORKS_PASSWORD"}, "timeout_seconds": 1.0, "lookup_timeout_seconds": 1.0}
    case.app = make_mad_app(name="Testshire Police", enabled=["records_policeworks"],
                            settings={"records_policeworks": settings})
    case.mad.config.dispatcher["backoff_seconds"] = 60.0
    assert "policeworks" in case.mad.writers


@given("I am signed in as an admin")
def _(case, signed_in):
    case.client, case.user = signed_in(case.app, "admin", display_name="Sgt 77 Admin")


@given("PoliceWorks is down")
def _(case):
    case.simulator.set_mode("http500")


@given("PoliceWorks answers more slowly than the toolkit waits")
def _(case):
    case.simulator.set_mode("slow", delay=1.5)


@given(parsers.parse("an entry for crime {reference} was given up on because PoliceWorks kept failing"))
def _(case, signed_in, reference):
    client, _ = signed_in(case.app)
    case.client = client
    case.mad.config.dispatcher["records_retry_days"] = 1e-9  # a window that has ended by the first failure
    case.simulator.set_mode("fault")
    send_text(case, reference, "07700 900777", "English")
    deliver(case)
    with case.mad.session() as session:
        assert session.scalar(select(RecordsWrite.status).where(RecordsWrite.writer == "policeworks")) == "failed"
    case.simulator.set_mode("ok")


# --- When ----------------------------------------------------------------------------------


@when(parsers.parse("I text the victim of crime {reference} on {number} their crime reference in {language}"))
def _(case, reference, number, language):
    send_text(case, reference, number, language)
    if case.simulator.store.mode == "slow":
        return  # the write is left to time out in the next step
    deliver(case)


@when(parsers.parse("I try to text the victim of crime {reference} on {number} their crime reference in {language}"))
def _(case, reference, number, language):
    send_text(case, reference, number, language)


@when(parsers.parse("I text {count:d} victims of crime {reference} their crime reference in {language}"))
def _(case, count, reference, language):
    for n in range(count):
        send_text(case, reference, f"07700 900{n + 200:03d}", language)
    deliver(case)


@when("PoliceWorks is back and the retries come round")
def _(case):
    case.simulator.set_mode("ok")
    with case.mad.session() as session:  # the backoff runs out
        session.execute(update(RecordsWrite).values(next_attempt_at=utcnow()))
    deliver(case)


@when('I press "Retry now" for it on the records writes page')
def _(case):
    html, rows = records_page_rows(case.client)
    assert len(rows) == 1 and rows[0][3] == "Not written", rows
    action = re.findall(r'action="(/records/writes/\d+/retry)"', html)
    assert len(action) == 1
    response = case.client.post(action[0], data={"csrf_token": csrf_from(html)})
    assert response.status_code == 302
    assert "will be tried again now" in case.client.get(response.headers["Location"]).get_data(as_text=True)
    deliver(case)


# --- Then ----------------------------------------------------------------------------------


def chronology(case, reference="06/123456/26"):
    return case.simulator.entries(reference)


@then("the crime's chronology in PoliceWorks shows the text I sent")
def _(case):
    (entry,) = chronology(case)
    with case.mad.session() as session:
        body = session.scalar(select(Message.body))
    assert body in entry.text
    assert "cyfeirnod eich trosedd yw 06/123456/26" in entry.text


@then("the chronology entry keeps the English meaning of the Welsh text")
def _(case):
    (entry,) = chronology(case)
    assert "your crime reference is 06/123456/26" in entry.english_text


@then("the chronology entry says it was a text message in Welsh to +4477009***23, with the message's name")
def _(case):
    (entry,) = chronology(case)
    assert entry.text.startswith("Text message to victim (+4477009***23) in Welsh: Crime reference assigned.")
    assert (entry.details["channel_kind"], entry.details["language_name"], entry.details["recipient"],
            entry.details["template_title"]) == ("sms", "Welsh", "+4477009***23", "Crime reference assigned")


@then("the victim's full number is not in PoliceWorks")
def _(case):
    for entry in chronology(case):
        assert "900123" not in entry.text + (entry.english_text or "") + " ".join(entry.details.values())


@then(parsers.parse("the entry is in PoliceWorks once, written by {name}"))
def _(case, name):
    deliver(case)
    (entry,) = chronology(case)
    assert entry.author == name
    with case.mad.session() as session:
        write = session.scalar(select(RecordsWrite).where(RecordsWrite.writer == "policeworks"))
        assert (write.status, write.external_id) == ("written", entry.records_id)


@then(parsers.parse('I am told "{message}"'))
def _(case, message):
    assert case.page.status_code == 400
    page = parse_page(case.page.get_data(as_text=True))
    assert message in page.one(id="crime_reference-error").text


@then("nothing has been sent to the victim or written anywhere")
def _(case):
    deliver(case)
    with case.mad.session() as session:
        for model in (Message, RecordsEntry, SandboxCapture):
            assert session.scalar(select(func.count()).select_from(model)) == 0
    assert case.simulator.entries() == []


@then(parsers.parse("before each Send I was warned that PoliceWorks could not confirm crime {reference}"))
def _(case, reference):
    assert len(case.previews) == len(case.sent)
    for html in case.previews:
        notice = parse_page(html).one("span", data_reference_notice=True)
        assert notice.text.startswith(f"PoliceWorks is not answering, so it could not confirm that crime {reference}")


@then("every victim gets their text")
def _(case):
    with case.mad.session() as session:
        captured = session.scalars(select(SandboxCapture.recipient)).all()
    assert sorted(captured) == sorted("+44" + number.replace(" ", "")[1:] for _ref, number in case.sent)


@then(parsers.re(r"a supervisor sees (?P<count>\d+) entr(?:y|ies) waiting for PoliceWorks, (?:each )?saying why"),
      converters={"count": int})
def _(case, signed_in, count):
    deliver(case)
    supervisor, _ = signed_in(case.app, role="supervisor")
    _html, rows = records_page_rows(supervisor)
    waiting = [row for row in rows if row[2] == "PoliceWorks"]
    assert len(waiting) == count, rows
    for row in waiting:
        assert row[3] == "Waiting to be written"
        assert row[6].startswith("PoliceWorks "), row  # the reason, e.g. "PoliceWorks answered with an error page..."


@then(parsers.re(r"the crime's chronology in PoliceWorks shows (?:each of the (?P<count>\d+) texts|the text) once"),
      converters={"count": lambda text: int(text) if text else 1})
def _(case, count):
    entries = chronology(case)
    with case.mad.session() as session:
        stored = sorted(session.scalars(select(RecordsEntry.id)).all())
        statuses = set(session.scalars(select(RecordsWrite.status)).all())
    assert sorted(e.entry_id for e in entries) == stored and len(stored) == count
    assert statuses == {"written"}


@then("the records writes page says every chronology entry has been written")
def _(case):
    html, rows = records_page_rows(case.client)
    assert rows == [] and "Every chronology entry has been written." in html
