"""Step definitions for features/care_log.feature: the victim care log, in an officer's words.

Officers act on the real pages through Flask's test client (forms with their CSRF tokens, boxes
found by their legends, answers by their labels); what they see is read from the pages. Victims
recorded "in the past" are set up through the victims service with that recording date.
"""

from datetime import date, timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from core.directory.demo import load_demo_services
from core.models import RecordsEntry, SandboxCapture
from core.victims.service import record_victim, save_care_log
from tests.directory.conftest import DEMO_DISTRICTS
from tests.features.care_log_actions import CareCase, care_log_rows, fill_care_log
from tests.features.officer_actions import assert_is_preview, open_page, page_of, press_send
from tests.features.pages import crime_record, form_posting_to, form_values, squash

scenarios("care_log.feature")


@pytest.fixture
def case():
    return CareCase()


def record(case, name, reference, mobile, recorded_on=None):
    victim = record_victim(case.mad, {"crime_reference": reference, "name": name, "phone": mobile, "locale": "en",
                                      "district": "Northtown", "crime_type": "volume", "oic_name": case.user.display_name},
                           case.user, today=recorded_on or date.today())
    case.victims[name] = victim.id
    case.reference = reference
    return victim


def chronology(case):
    case.mad.dispatcher.drain()
    return [squash(e["text"]) for e in crime_record(page_of(open_page(case.client, f"/crimes/{case.reference}")))["entries"]]


# --- Given ---------------------------------------------------------------------------------


@given("Testshire Police keeps a care log for every victim")
def _(case, make_mad_app):
    case.app = make_mad_app(name="Testshire Police", districts=DEMO_DISTRICTS)


@given("the force's directory has its demo services")
def _(case):
    with case.mad.session() as session:
        load_demo_services(session, DEMO_DISTRICTS)


@given(parsers.parse("{name} is recorded as the victim of crime {reference}, mobile {mobile}"))
def _(case, name, reference, mobile):
    record(case, name, reference, mobile)


@given(parsers.parse("{name} was recorded {days:d} working days ago as the victim of crime {reference}, mobile {mobile}"))
def _(case, name, days, reference, mobile):
    calendar, day = case.mad.calendar, date.today()
    for _ in range(days):  # back one working day at a time
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    record(case, name, reference, mobile, recorded_on=day)


@given("her needs assessment found she needs help with housing")
def _(case):
    [victim_id] = case.victims.values()
    answers = {f"vna__{q['id']}": "no" for q in case.mad.config.care_log["vna_questions"]}
    save_care_log(case.mad, victim_id, {"needs_assessment": "yes", **answers, "vna__housing": "yes"}, case.user)


@given(parsers.parse("her care log is complete with texts every {days:d} working days agreed"))
def _(case, days):
    [victim_id] = case.victims.values()
    answers = {f"vna__{q['id']}": "no" for q in case.mad.config.care_log["vna_questions"]}
    save_care_log(case.mad, victim_id, {
        "written_confirmation": "yes", "written_confirmation_format": "paper", "oic_contact_left": "yes",
        "needs_assessment": "yes", **answers, "contact_plan": "yes", "plan_method": "sms",
        "plan_frequency": "every_n_working_days", "plan_every_days": str(days), "referral": "not_applicable",
        "vps_offered": "no", "vps_offered_rationale": "Victim will decide after charge"}, case.user)


# --- When ----------------------------------------------------------------------------------


@when(parsers.parse("I record {name} as the victim of crime {reference}, mobile {mobile}, speaking {language}"))
def _(case, name, reference, mobile, language):
    crime = page_of(open_page(case.client, f"/crimes/{reference}"))
    [link] = [a for a in crime.find_all("a") if a.text == "Record a victim"]
    page = page_of(open_page(case.client, link.attrs["href"]))
    form = form_posting_to(page, "/victims/new")
    values = form_values(form)
    assert values["crime_reference"] == reference and values["oic_name"] == case.user.display_name
    values.update({"name": name, "phone": mobile})
    [values["locale"]] = [o.attrs["value"] for o in page.one("select", id="locale").find_all("option")
                          if o.text == language or o.text.endswith(f"({language})")]
    response = case.client.post(form.attrs["action"], data=values)
    assert response.status_code == 302, response.get_data(as_text=True)
    case.victims[name] = response.headers["Location"].split("/")[2]
    case.reference = reference


@when("I fill in the care log:")
def _(case, datatable):
    [victim_id] = case.victims.values()
    rows = [tuple(cell.strip() for cell in row) for row in datatable[1:]]
    case.response = fill_care_log(case, victim_id, rows)
    assert case.response.status_code == 302, case.response.get_data(as_text=True)
    case.answered = rows


@when(parsers.parse('I answer "{box}" with No and give no reason'))
def _(case, box):
    [victim_id] = case.victims.values()
    case.response = fill_care_log(case, victim_id, [(box, "No", "")])


@when(parsers.parse('I signpost her to the first service suggested for "{need}"'))
def _(case, need):
    [victim_id] = case.victims.values()
    page = page_of(open_page(case.client, f"/victims/{victim_id}"))
    heading = [h for h in page.find_all("h3") if h.text == need]
    assert heading, f"no services suggested for {need}"
    links = [a for a in page.find_all("a") if a.text.startswith("Signpost")]
    compose = open_page(case.client, links[0].attrs["href"])
    form = form_posting_to(page_of(compose), "/updates/new/")
    values = form_values(form)
    assert values["recipient"] == "+447700900123" and values["crime_reference"] == case.reference
    preview = case.client.post(form.attrs["action"], data={**values, "action": "preview"})
    assert_is_preview(preview)
    assert press_send(case.client, preview).status_code == 302
    case.mad.dispatcher.drain()


@when("I open my home page")
def _(case):
    case.home = page_of(open_page(case.client, "/"))


@when(parsers.parse('I press Update for {name} and send "{progress}"'))
def _(case, name, progress):
    table = case.home.one("table", data_table="my-victims")
    [row] = [r for r in table.one("tbody").find_all("tr") if name in r.text]
    [button] = [a for a in row.find_all("a") if a.text.startswith("Update")]
    page = page_of(open_page(case.client, button.attrs["href"]))
    form = form_posting_to(page, "/updates/new/")
    values = form_values(form)
    [values["field__progress"]] = [o.attrs["value"] for o in page.one("select", id="fields-progress").find_all("option")
                                   if o.text == progress]
    preview = case.client.post(form.attrs["action"], data={**values, "action": "preview"})
    assert_is_preview(preview)
    assert press_send(case.client, preview).status_code == 302
    case.mad.dispatcher.drain()


# --- Then ----------------------------------------------------------------------------------


@then(parsers.parse("{name}'s care log shows every box I answered"))
def _(case, name):
    shown = care_log_rows(case, case.victims[name])
    for box, answer, _details in case.answered:
        assert shown[box].startswith(answer), (box, shown[box])


@then(parsers.parse('the care log says for "{box}": "{shown}"'))
@then(parsers.parse('her care log says for "{box}": "{shown}"'))
def _(case, box, shown):
    [victim_id] = case.victims.values()
    assert care_log_rows(case, victim_id)[box] == shown


@then(parsers.parse('the crime\'s chronology says "{text}"'))
def _(case, text):
    assert text in chronology(case)


@then(parsers.parse("the crime's chronology does not show {name}'s name or number"))
def _(case, name):
    everything = " ".join(chronology(case))
    assert name not in everything and "07700 900123" not in everything and "+447700900123" not in everything


@then(parsers.parse('I am told "{message}"'))
def _(case, message):
    assert case.response.status_code == 400
    summary = page_of(case.response).one("div", class_="govuk-error-summary")
    assert message in [a.text for a in summary.find_all("a")]


@then("nothing is written to the crime's chronology")
def _(case):
    with case.mad.session() as session:
        assert session.scalars(select(RecordsEntry)).all() == []


@then("the crime's chronology says the referral was met by the signposting text")
def _(case):
    entries = chronology(case)
    assert any(e.startswith("Victim care log, Victim J. B.: Referred or signposted to support services – Yes "
                            "(signposted to ") and e.endswith(" by text message).") for e in entries), entries


@then(parsers.parse('"My victims" lists {name} with "{reason}"'))
def _(case, name, reason):
    table = case.home.one("table", data_table="my-victims")
    [row] = [r for r in table.one("tbody").find_all("tr") if name in r.text]
    assert reason in row.text


@then(parsers.parse("the victim receives a text that quotes crime {reference}"))
def _(case, reference):
    with case.mad.session() as session:
        # Recipients are encrypted at rest: compare them once read, not in SQL.
        bodies = [c.body for c in session.scalars(select(SandboxCapture)).all() if c.recipient == "+447700900123"]
    assert len(bodies) == 1 and reference in bodies[0]


@then(parsers.parse('"My victims" no longer lists {name}'))
def _(case, name):
    home = page_of(open_page(case.client, "/"))
    table = home.find("table", data_table="my-victims")
    assert table is None or name not in table.text
