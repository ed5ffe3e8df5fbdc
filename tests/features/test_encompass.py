"""Step definitions for features/encompass.feature: notify schools from a crime.

The app runs with referral_encompass, email_smtp (to a real aiosmtpd server on loopback) and
records_policeworks (to the PoliceWorks simulator) enabled through their entry points, with the
fictional demo schools. The officer acts on the real pages through Flask's test client; what the
DSLs receive is read from the SMTP server, and the PDF's text with pypdf.
"""

import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from pytest_bdd import given, parsers, scenarios, then, when

from core.referrals import service
from plugins.records_policeworks.simulator import Simulator
from tests.features.pages import crime_record, form_posting_to, form_values, parse_page
from tests.features.scenario import Scenario
from tests.plugins.email_smtp.smtp_server import SmtpServer
from tests.referrals.factories import with_demo_schools

scenarios("encompass.feature")

USERNAME, PASSWORD = "mad-feature", "feature-test-password"
LONDON = ZoneInfo("Europe/London")
PRESS = {"Send to the schools": "send", "Add another child": "add_child"}


@dataclass
class Case(Scenario):
    simulator: object = None
    smtp: object = None
    values: dict = field(default_factory=dict)  # the form as the officer has filled it so far
    response: object = None
    children: int = 0


@pytest.fixture
def case():
    made = Case()
    yield made
    for server in (made.simulator, made.smtp):
        if server is not None:
            server.stop()


def received(case):
    """What each address received: ``{address: [(email, pdf text)]}``."""
    found = {}
    for item in case.smtp.handler.received:
        email = item["message"]
        texts = ["\n".join(p.extract_text() for p in PdfReader(io.BytesIO(part.get_content())).pages)
                 for part in email.iter_attachments() if part.get_content_type() == "application/pdf"]
        for address in item["rcpt_tos"]:
            found.setdefault(address, []).append((email, texts))
    return found


def press(case, button):
    data = {**case.values, "action": PRESS[button]}
    case.response = case.client.post("/referrals/new/encompass", data=data)
    if case.response.status_code == 200:  # the form again (a child added)
        case.values = form_values(form_posting_to(parse_page(case.response.get_data(as_text=True)), "/referrals/"))


# --- Given ---------------------------------------------------------------------------------


@given("Testshire Police notifies schools through Operation Encompass and writes into PoliceWorks")
def _(case, make_mad_app, monkeypatch):
    case.simulator = Simulator(port=0, username=USERNAME, password=PASSWORD).start()
    case.smtp = SmtpServer().start()
    monkeypatch.setenv("POLICEWORKS_USERNAME", USERNAME)
    monkeypatch.setenv("POLICEWORKS_PASSWORD", PASSWORD)
    settings = {
        "records_policeworks": {"endpoint": case.simulator.endpoint, "username": {"$env": "POLICEWORKS_USERNAME"},
                                "password": {"$env": "POLICEWORKS_PASSWORD"}, "timeout_seconds": 2.0,
                                "lookup_timeout_seconds": 2.0},
        "email_smtp": {"host": "127.0.0.1", "port": case.smtp.port, "security": "none",
                       "from_address": "encompass@example.org", "from_name": "Testshire Police",
                       "timeout_seconds": 5},
    }
    case.app = with_demo_schools(make_mad_app(
        name="Testshire Police", enabled=["records_policeworks", "email_smtp", "referral_encompass"],
        settings=settings))


@given("the schools' DSLs read their email on the force's mail server")
def _(case):
    assert case.mad.channels["email"].name == "email_smtp"


@given(parsers.parse("a school was already notified about {child} on crime {reference}"))
def _(case, child, reference):
    case.client.get(f"/crimes/{reference}")
    start_form(case, reference)
    fill_incident(case, "12 Example Road, Ashby", "Northtown")
    add_child(case, child, "14/05/2017", "Ashby Primary School", where="asleep upstairs")
    case.values["voice"] = "not_spoken"
    press(case, "Send to the schools")
    assert case.response.status_code == 302


# --- When ----------------------------------------------------------------------------------


def start_form(case, reference):
    crime = parse_page(case.client.get(f"/crimes/{reference}").get_data(as_text=True))
    link = next(a for a in crime.find_all("a") if a.text == "Notify schools (Operation Encompass)")
    page = case.client.get(link.attrs["href"])
    assert page.status_code == 200
    case.response = page
    case.values = form_values(form_posting_to(parse_page(page.get_data(as_text=True)), "/referrals/"))
    case.children = 0


def fill_incident(case, place, district):
    now = datetime.now(LONDON) - timedelta(minutes=5)
    case.values.update(incident_date=now.strftime("%d/%m/%Y"), incident_time=now.strftime("%H:%M"),
                       incident_location=place, district=district,
                       circumstances="Argument between the parents overheard by neighbours; one parent arrested.")


def add_child(case, name, born, school="", education="school", authority="", where=""):
    if case.children:
        press(case, "Add another child")
    prefix = f"children-{case.children}-"
    case.values.update({prefix + "name": name, prefix + "date_of_birth": born, prefix + "education": education,
                        prefix + "school": school, prefix + "local_authority": authority,
                        prefix + "present": "elsewhere", prefix + "where": where})
    case.children += 1


@when(parsers.parse('I open crime {reference} and press "Notify schools (Operation Encompass)"'))
def _(case, reference):
    start_form(case, reference)


@when(parsers.parse("I fill in tonight's incident at {place} in {district}"))
def _(case, place, district):
    fill_incident(case, place, district)


@when(parsers.re(r'I add (?P<name>[\w ]+?), born (?P<born>[\d/]+), at "(?P<school>[^"]+)", who was (?P<where>.+)'))
def _(case, name, born, school, where):
    add_child(case, name, born, school, where=where)


@when(parsers.re(r'I add (?P<name>[\w ]+?), born (?P<born>[\d/]+), at "(?P<school>[^"]+)"$'))
def _(case, name, born, school):
    add_child(case, name, born, school)


@when(parsers.parse('I add another child, {name}, born {born}, at "{school}"'))
def _(case, name, born, school):
    add_child(case, name, born, school)


@when(parsers.parse("I add {name}, born {born}, educated at home in {authority}"))
def _(case, name, born, authority):
    add_child(case, name, born, education="home", authority={"Southmere City Council": "991"}[authority])


@when("I say the children were spoken to alone and write what they said")
def _(case):
    case.values.update(voice="alone", voice_words="Mummy and daddy were shouting and I hid under the bed.")


@when("I say the children were not spoken to")
def _(case):
    case.values["voice"] = "not_spoken"


@when(parsers.parse('I press "{button}"'))
def _(case, button):
    press(case, button)


# --- Then ----------------------------------------------------------------------------------


def deliver(case):
    case.mad.dispatcher.drain()


@then(parsers.parse("the DSL of {school} receives one email with a PDF naming {first} and {second}"))
def _(case, school, first, second):
    deliver(case)
    address = {"Ashby Primary School": "dsl.ashby-primary@example.org"}[school]
    [(email, [text])] = received(case)[address]
    assert school in email.get_body(("plain",)).get_content()
    assert first in text and second in text and "Mummy and daddy were shouting" in text


@then(parsers.parse("the DSL of {school} receives one email with a PDF naming {child} only"))
def _(case, school, child):
    deliver(case)
    address = {"Southmere High School": "safeguarding@southmere-high.example.org"}[school]
    [(_email, [text])] = received(case)[address]
    assert child in text and "Amira" not in text and "Bilal" not in text


@then(parsers.parse("{authority}'s elective home education team receives one email with a PDF naming {child}"))
def _(case, authority, child):
    deliver(case)
    [(_email, [text])] = received(case)["home.education@southmere.example.org"]
    assert child in text and "Elective home education (no school)" in text


@then("the crime's chronology shows both notifications, and so does PoliceWorks")
def _(case):
    deliver(case)
    record = crime_record(parse_page(case.client.get("/crimes/06/123456/26").get_data(as_text=True)))
    texts = [e["text"] for e in record["entries"]]
    assert any(t.startswith("Operation Encompass notification to Ashby Primary School (DSL) about 2 child(ren)")
               for t in texts)
    assert any(t.startswith("Operation Encompass notification to Southmere High School (DSL)") for t in texts)
    in_policeworks = [e.text for e in case.simulator.store.chronology("06/123456/26")]
    assert sorted(t[:60] for t in in_policeworks) == sorted(t[:60] for t in texts)
    assert len(in_policeworks) == 2


@then("the crime page shows the referral as delivered")
def _(case):
    crime = parse_page(case.client.get("/crimes/06/123456/26").get_data(as_text=True))
    [item] = crime.one("ul", data_list="referrals").find_all("li")
    assert "3 child(ren), 2 school(s)" in item.text and "Delivered" in item.text and "On time" in item.text


@then(parsers.parse("a supervisor sees it delivered before the next school day in {district}"))
def _(case, signed_in, district):
    supervisor, _ = signed_in(case.app, "supervisor")
    page = parse_page(supervisor.get("/referrals/").get_data(as_text=True))
    assert page.one("h2", data_district=district)
    [row] = page.one("table", data_table="referrals").one("tbody").find_all("tr")
    assert "Delivered" in row.text and "On time" in row.text and "08:30" in row.text


@then(parsers.parse('I am told "{text}"'))
def _(case, text):
    assert case.response.status_code == 400
    summary = parse_page(case.response.get_data(as_text=True)).one("div", class_="govuk-error-summary")
    assert text in summary.text, summary.text


@then(parsers.parse("the form still shows {name}"))
def _(case, name):
    assert f'value="{name}"' in case.response.get_data(as_text=True)


@then("nothing has been sent to any school")
def _(case):
    deliver(case)
    assert case.smtp.handler.received == [] and service.on_crime(case.mad, "06/123456/26") == []


@then(parsers.parse("the form already holds the incident and {child} at {school}"))
def _(case, child, school):
    values = form_values(form_posting_to(parse_page(case.response.get_data(as_text=True)), "/referrals/"))
    assert values["incident_location"] == "12 Example Road, Ashby" and values["district"] == "Northtown"
    assert values["children-0-name"] == child and values["children-0-school"] == school
