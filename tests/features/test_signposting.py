"""Step definitions for features/signposting.feature: finding support and signposting a victim.

Every step uses the real pages through Flask's test client, as the officer's or coordinator's
browser would: the search form, the service page and its "Send to victim" button, the update
form it opens (filled in with the service), the preview and Send, the sandbox, the crime's page,
the "Report out of date" form and the coordinator's pages.
"""

from dataclasses import dataclass, field
from html import unescape

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from core.directory.demo import load_demo_services
from core.models import AuditChronologyEntry, SandboxCapture
from tests.features.pages import form_posting_to, form_values, page_of, squash
from tests.features.scenario import Scenario

DISTRICTS = ["Northtown", "Southmere", "Eastbrook", "Westvale", "Riverside", "Hillcrest", "Oldbridge",
             "Marshgate", "Kingsford", "Ashby"]

scenarios("signposting.feature")


@dataclass
class Case(Scenario):
    coordinator: object = None
    coordinator_name: str = "Sam Coordinator"
    reference: str = ""
    results: list = field(default_factory=list)
    service_page: object = None
    service_link: str = ""
    compose: object = None


@pytest.fixture
def case():
    return Case()


def search(client, query, district=""):
    page = page_of(client.get("/directory/", query_string={"q": query, "district": district}))
    results = page.find("ol", data_results=True)
    return [squash(item.find("a").text) for item in results.find_all("li", class_="result")] if results else [], page


def open_service(client, name):
    _names, page = search(client, name)
    link = next(a for a in (item.find("a") for item in page.find_all("li", class_="result")) if squash(a.text) == name)
    return link.attrs["href"], page_of(client.get(link.attrs["href"]))


def coordinator(case, signed_in):
    if case.coordinator is None:
        case.coordinator, _ = signed_in(case.app, "vsc", display_name=case.coordinator_name)
    return case.coordinator


@given("the force's directory has the demo support services across its ten districts")
def demo_directory(case, make_mad_app):
    case.app = make_mad_app(districts=DISTRICTS)
    with case.mad.session() as session:
        load_demo_services(session, DISTRICTS)


@when(parsers.parse('I search the directory for "{query}" in {district}'))
def search_directory(case, query, district):
    case.results, _page = search(case.client, query, district)


@then(parsers.parse('the first service I am offered is "{name}"'))
def first_offered(case, name):
    assert case.results[0] == name, case.results


@then(parsers.parse('I am offered "{name}"'))
@then(parsers.parse('I am also offered "{name}", which covers the whole force area'))
def offered(case, name):
    assert name in case.results, case.results


@then(parsers.parse('I am not offered "{name}", which does not cover {district}'))
def not_offered(case, name, district):
    assert name not in case.results


@when(parsers.parse('I open "{name}" in the directory and press "Send to victim"'))
def press_send_to_victim(case, name):
    _link, page = open_service(case.client, name)
    button = page.one("a", data_send_to_victim=True)
    assert squash(button.text) == "Send to victim"
    case.compose = page_of(case.client.get(unescape(button.attrs["href"])))


@when(parsers.parse("I send it by {how} to {contact} in English"))
def send_it(case, how, contact):
    form = form_posting_to(case.compose, "/updates/new/signposting")
    values = form_values(form)
    values.update(crime_reference=case.reference, kind="email" if how == "email" else "sms", recipient=contact,
                  locale="en", action="preview")
    preview = page_of(case.client.post(form.attrs["action"], data=values))
    assert squash(preview.one("h1").text) == "Check before sending"
    sent = case.client.post("/updates/send/signposting", data=form_values(form_posting_to(preview, "/updates/send/")))
    assert sent.status_code == 302
    case.mad.dispatcher.drain()


def the_capture(case):
    with case.mad.session() as session:
        return session.scalars(select(SandboxCapture)).one()


@then(parsers.parse('the victim receives an email about "{name}" with its phone number'))
def email_received(case, name):
    capture = the_capture(case)
    assert capture.kind == "email" and capture.recipient == "sam.victim@example.org"
    assert name in capture.subject and "Phone: 07700 900000" in capture.body


@then(parsers.parse('the email has the leaflet "{filename}" attached'))
def leaflet_attached(case, filename):
    sandbox = page_of(case.client.get("/sandbox/"))
    assert squash(sandbox.one("ul", data_attachments=True).one("a").text) == filename
    assert the_capture(case).attachments[0]["content_type"] == "application/pdf"


@then("the crime's record says the leaflet was attached")
def record_says_attached(case):
    crime = squash(page_of(case.client.get(f"/crimes/{case.reference}")).text)
    assert "Attached: safe-homes-domestic-abuse-service.pdf" in crime
    with case.mad.session() as session:
        assert "Attached: safe-homes-domestic-abuse-service.pdf" in session.scalars(select(AuditChronologyEntry)).one().text


@then(parsers.parse('the victim receives a text that gives "{phone}" and "{web}"'))
def text_received(case, phone, web):
    capture = the_capture(case)
    assert capture.kind == "sms" and phone in capture.body and web in capture.body


@then("the text has nothing attached")
def nothing_attached(case):
    assert the_capture(case).attachments is None


@when(parsers.parse('I report "{name}" out of date saying "{note}"'))
def report_out_of_date(case, name, note):
    link, page = open_service(case.client, name)
    form = form_posting_to(page, f"{link}/report")
    values = {**form_values(form), "note": note}
    done = page_of(case.client.post(form.attrs["action"], data=values, follow_redirects=True))
    assert "your report has gone to the Victims' Services Coordinators" in squash(done.text)


@then(parsers.parse('the Victims\' Services Coordinators see "{note}" for "{name}"'))
def coordinators_see_report(case, signed_in, note, name):
    queue = page_of(coordinator(case, signed_in).get("/directory/manage/"))
    assert f"{name}: {note}" in squash(queue.one("ol", data_reports=True).text)


def coordinator_saves(case, signed_in, service, **changes):
    """A coordinator opens the edit form of the ``service`` so named, changes ``changes`` and saves it."""
    vsc = coordinator(case, signed_in)
    link, _page = open_service(case.client, service)
    edit_page = page_of(vsc.get(f"/directory/manage/services/{link.rsplit('/', 1)[1]}"))
    form = form_posting_to(edit_page, "/directory/manage/services/")
    values = form_values(form)
    values["needs"] = [c.attrs["value"] for c in form.find_all("input", name="needs") if "checked" in c.attrs]
    values["districts"] = [c.attrs["value"] for c in form.find_all("input", name="districts") if "checked" in c.attrs]
    values.update(changes)
    assert vsc.post(form.attrs["action"], data=values).status_code == 302
    case.service_link = link


@when(parsers.parse('a coordinator changes the phone number of "{name}" to {phone}'))
def coordinator_edits(case, signed_in, name, phone):
    coordinator_saves(case, signed_in, name, phone=phone)


@when(parsers.parse('a coordinator renames "{name}" to "{new_name}"'))
def coordinator_renames(case, signed_in, name, new_name):
    coordinator_saves(case, signed_in, name, name=new_name)


@when(parsers.parse('a coordinator marks "{name}" closed for good'))
def coordinator_closes(case, signed_in, name):
    coordinator_saves(case, signed_in, name, status="defunct")


@then(parsers.parse('I am no longer offered "{name}"'))
def no_longer_offered(case, name):
    assert case.results and name not in case.results, case.results


@then(parsers.parse('I see {phone} for "{name}" straight away'))
def officer_sees_change(case, phone, name):
    _link, page = open_service(case.client, name)
    assert phone in squash(page.one("dl", class_="summary").text)


@then("the service's history shows who changed the phone number, from what to what")
def history_shows(case, signed_in):
    vsc = coordinator(case, signed_in)
    page = page_of(vsc.get(f"/directory/manage/services/{case.service_link.rsplit('/', 1)[1]}"))
    latest = page.one("div", data_history=True).find_all("div", class_="moj-timeline__item")[0]
    assert latest.one("h3").text == "Changed"
    assert latest.one("p", class_="moj-timeline__byline").text == f"by {case.coordinator_name}"
    changes = [(row.one("dt").text, row.one("dd").text) for row in latest.find_all("div", class_="govuk-summary-list__row")]
    assert len(changes) == 1 and changes[0][0] == "Phone", changes  # only what really changed
    assert changes[0][1].startswith("0161 496 00") and changes[0][1].endswith("→ 0161 496 0999")


@when(parsers.parse('I open "{name}" in the directory'))
def open_in_directory(case, name):
    _link, case.service_page = open_service(case.client, name)


@then("I am warned it is due for review")
def warned_due(case):
    assert "Due for review" in squash(case.service_page.one("div", class_="govuk-warning-text").text)


@then(parsers.parse('the Victims\' Services Coordinators see "{name}" in their list of services due for review'))
def coordinators_see_due(case, signed_in, name):
    page = page_of(coordinator(case, signed_in).get("/directory/manage/"))
    assert name in squash(page.one("ul", data_overdue=True).text)
