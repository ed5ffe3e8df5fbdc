"""Step definitions for features/resources.feature: the resources library, a section prepared ahead
and the commissioned victims' service, through the real pages with their CSRF tokens."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.features.pages import form_posting_to, form_values, page_of, sandbox_captures, squash
from tests.features.scenario import Scenario

scenarios("resources.feature")


@dataclass
class Case(Scenario):
    page: object = None
    location: str = ""  # the resource or section last saved
    referral: str = ""


@pytest.fixture
def case():
    return Case()


@given("the force offers English, Welsh and Polish")
def force(case, make_mad_app):
    case.app = make_mad_app(locales=["en", "cy", "pl"])


@given(parsers.parse("I am signed in as a coordinator, {name}"))
def as_coordinator(case, signed_in, name):
    case.client, case.user = signed_in(case.app, "vsc", display_name=name)


@given(parsers.parse("I am signed in as the victims' service, {name}"))
def as_partner(case, signed_in, name):
    case.client, case.user = signed_in(case.app, "partner", display_name=name)


def add_resource(client, title):
    page = page_of(client.get("/resources/manage/new"))
    values = form_values(form_posting_to(page, "/resources/manage/new"))
    values.update({"title": title, "kind": "prevention", "crime_types": "burglary",
                   "summary__en": "Lock doors and windows.", "body__en": "Lock doors and windows, even when in.",
                   "summary__pl": "Zamykaj drzwi i okna.", "body__pl": "Zamykaj drzwi i okna, nawet w domu."})
    saved = client.post("/resources/manage/new", data=values)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    return saved.headers["Location"]


@when(parsers.parse('I add the resource "{title}" for burglary in English and Polish'))
def i_add(case, title):
    case.location = add_resource(case.client, title)


@given(parsers.parse('the coordinator has added "{title}" for burglary in English and Polish'))
def coordinator_added(case, signed_in, title):
    vsc, _ = signed_in(case.app, "vsc", display_name="Sam Coordinator")
    add_resource(vsc, title)


@then(parsers.parse('the resources library lists "{title}" in en and pl'))
def listed(case, title):
    rows = page_of(case.client.get("/resources/manage/")).one("table", data_resources=True).find_all("tr")
    assert any(title in squash(r.text) and "en, pl" in squash(r.text) for r in rows)


@then(parsers.parse("its history says {name} created it"))
def history_says(case, name):
    history = squash(page_of(case.client.get(case.location)).one("ul", data_history=True).text)
    assert f"{name} · created" in history


@when(parsers.parse('I look for resources for burglary and send "{title}" by text to {number} in Polish '
                    'for crime {reference}'))
def officer_sends(case, title, number, reference):
    found = page_of(case.client.get("/resources/?crime_type=burglary"))
    link = next(a for a in found.find_all("a", data_send_resource=True) if title in a.text)
    page = page_of(case.client.get(link.attrs["href"]))
    form = form_posting_to(page, "/resources/")
    values = {**form_values(form), "crime_reference": reference, "kind": "sms", "recipient": number,
              "locale": "pl"}
    assert case.client.post(form.attrs["action"], data=values).status_code == 302


@then(parsers.parse('the victim receives a text in Polish that begins "{start}"'))
def polish_text(case, start):
    case.app.extensions["mad"].dispatcher.drain()
    capture = sandbox_captures(page_of(case.client.get("/sandbox/")))[0]
    assert capture["lang"] == "pl" and capture["body"].startswith(start)


@then(parsers.parse('the library shows "{title}" was sent once'))
def sent_once(case, signed_in, title):
    vsc, _ = signed_in(case.app, "vsc", display_name="Sam Coordinator")
    rows = page_of(vsc.get("/resources/manage/")).one("table", data_resources=True).find_all("tr")
    row = next(r for r in rows if title in squash(r.text))
    assert squash(row.one("td", data_sent=True).text) == "1"


@when(parsers.parse('I prepare the section "{title}" with the guidance "{guidance}"'))
def prepare_section(case, title, guidance):
    page = page_of(case.client.get("/sections/manage/new"))
    values = {**form_values(form_posting_to(page, "/sections/manage/new")), "title": title, "guidance": guidance}
    saved = case.client.post("/sections/manage/new", data=values)
    assert saved.status_code == 302
    case.location = saved.headers["Location"]


@when("I preview it")
def preview(case):
    case.page = page_of(case.client.get(case.location + "/preview"))


@then(parsers.parse('I see the guidance "{guidance}" as officers will see it'))
def preview_shows(case, guidance):
    assert case.page.find(data_preview=True) is not None and guidance in squash(case.page.text)


@when("I schedule it for next Monday")
def schedule_monday(case):
    today = date.today()
    monday = today + timedelta(days=7 - today.weekday())
    page = page_of(case.client.get(case.location))
    form = form_posting_to(page, case.location + "/schedule")
    response = case.client.post(form.attrs["action"], data={**form_values(form), "when": "date",
                                                             "live_on": monday.isoformat()})
    assert response.status_code == 302


@then(parsers.parse('the section is "{state}"'))
def section_state(case, state):
    assert squash(page_of(case.client.get(case.location)).one("p", data_state=True).text).startswith(
        f"State: {state}")


@then(parsers.parse('an officer does not see "{title}" yet'))
def officer_does_not_see(case, signed_in, title):
    officer, _ = signed_in(case.app, "officer", display_name="PC 1234 Jones")
    assert title not in squash(page_of(officer.get("/sections/")).text)


@given(parsers.parse("an officer has referred {name} on crime {reference}, who agreed to be referred"))
def officer_referred(case, signed_in, name, reference):
    officer, _ = signed_in(case.app, "officer", display_name="PC 1234 Jones")
    page = page_of(officer.get(f"/partner/refer?reference={reference}"))
    values = {**form_values(form_posting_to(page, "/partner/refer")), "victim_name": name,
              "contact": "07700 900456", "needs": "burglary_target_hardening", "consent": "yes"}
    response = officer.post("/partner/refer", data=values)
    assert response.status_code == 302
    case.referral = response.headers["Location"]


@when("I open the referrals to my service")
def open_queue(case):
    case.page = page_of(case.client.get("/partner/"))


@then(parsers.parse("I see crime {reference} waiting for the service"))
def waiting(case, reference):
    rows = case.page.one("table", data_referrals=True).find_all("tr")[1:]
    assert len(rows) == 1  # only the victim referred to the service
    assert reference in squash(rows[0].text) and "Waiting for the service" in squash(rows[0].text)


@then("I cannot open crimes or the sandbox")
def cannot_open(case):
    for url in ("/crimes/06/123456/26", "/sandbox/", "/updates/new"):
        assert case.client.get(url).status_code == 403


@when("I record that the victim was contacted")
def record_contacted(case):
    page = page_of(case.client.get(case.referral))
    form = form_posting_to(page, "/partner/referrals/")
    assert case.client.post(form.attrs["action"], data={**form_values(form), "status": "contacted"}).status_code == 302
