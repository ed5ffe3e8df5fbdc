"""Step definitions for features/ring_backs.feature: supervisors' seven-day ring-backs.

Victims are recorded "days ago" through the victims service; supervisors act on the real pages.
"""

from datetime import date, timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from core.victims.service import record_victim
from tests.features.care_log_actions import CareCase, choose
from tests.features.officer_actions import open_page, page_of
from tests.features.pages import crime_record, form_posting_to, form_values, squash

scenarios("ring_backs.feature")


@pytest.fixture
def case():
    return CareCase()


def ring_back_rows(page):
    table = page.find("table", data_table="ring-backs")
    if table is None:
        return {}
    rows = {}
    for row in table.one("tbody").find_all("tr"):
        cells = row.find_all("td")
        rows[cells[0].one("a").text] = {"state": cells[2].one("strong").text, "team": cells[3].text,
                                        "href": cells[0].one("a").attrs["href"]}
    return rows


@given("Testshire Police rings back victims of volume and hate crime seven days on")
def _(case, make_mad_app):
    case.app = make_mad_app(name="Testshire Police")
    rules = case.mad.config.care_log
    assert rules["ring_back_crime_types"] == ["volume", "hate"] and rules["ring_back_days"] == 7


@given(parsers.parse("{name} reported a {kind} crime, {reference}, {days:d} days ago"))
def _(case, name, kind, reference, days):
    victim = record_victim(case.mad, {"crime_reference": reference, "name": name, "phone": "07700 900123",
                                      "locale": "en", "crime_type": kind, "oic_name": "PC 1234 Jones"}, None,
                           today=date.today() - timedelta(days=days))
    case.victims[name] = victim.id
    case.references = {**getattr(case, "references", {}), name: reference}


@given(parsers.parse("I am signed in as a supervisor, {name}"))
def _(case, signed_in, name):
    case.client, case.user = signed_in(case.app, "supervisor", display_name=name)


@when("I open the ring-backs")
def _(case):
    case.page = page_of(open_page(case.client, "/ring-backs/"))


@when(parsers.parse('I open the ring-backs for the team "{team}"'))
def _(case, team):
    page = page_of(open_page(case.client, "/ring-backs/"))
    [option] = [o for o in page.one("select", id="team").find_all("option") if o.text == team]
    case.page = page_of(open_page(case.client, f"/ring-backs/?team={option.attrs['value']}"))


def record_outcome(case, name, outcome=None, notes="", follow_up=""):
    href = ring_back_rows(page_of(open_page(case.client, "/ring-backs/")))[name]["href"]
    page = page_of(open_page(case.client, href))
    form = form_posting_to(page, href)
    values = form_values(form)
    if outcome:
        choose(page, values, "Outcome", outcome)
    values.update({"notes": notes, "follow_up": follow_up})
    case.response = case.client.post(form.attrs["action"], data=values)


@when(parsers.parse('I record {name}\'s ring-back as "{outcome}" with notes "{notes}" and follow-up "{follow_up}"'))
def _(case, name, outcome, notes, follow_up):
    record_outcome(case, name, outcome, notes, follow_up)
    assert case.response.status_code == 302


@when(parsers.parse("I record {name}'s ring-back without an outcome"))
def _(case, name):
    record_outcome(case, name)


@when("I try to open the ring-backs")
def _(case):
    case.response = case.client.get("/ring-backs/")


@then(parsers.parse('{name}\'s ring-back is "{state}"'))
@then(parsers.parse('{name}\'s ring-back is still "{state}"'))
def _(case, name, state):
    assert ring_back_rows(page_of(open_page(case.client, "/ring-backs/")))[name]["state"] == state


@then(parsers.parse("{name} is not on the list"))
def _(case, name):
    assert name not in ring_back_rows(case.page)
    assert ring_back_rows(case.page)  # the list is not simply empty


@then(parsers.parse('the crime\'s chronology says "{text}"'))
def _(case, text):
    case.mad.dispatcher.drain()
    [reference] = set(case.references.values())
    entries = crime_record(page_of(open_page(case.client, f"/crimes/{reference}")))["entries"]
    assert text in [squash(e["text"]) for e in entries]


@then(parsers.parse('I am told "{message}"'))
def _(case, message):
    assert case.response.status_code == 400
    summary = page_of(case.response).one("div", class_="govuk-error-summary")
    assert message in [a.text for a in summary.find_all("a")]


@then("I am told I cannot see this page")
def _(case):
    assert case.response.status_code == 403
    assert "You cannot see this page" in case.response.get_data(as_text=True)
