"""Step definitions for features/partner.feature: the commissioned victims' service, in its own
words, through the real pages with their CSRF tokens (the officer's set-up through the services)."""

from dataclasses import dataclass, field
from datetime import date

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from core.testing import base_config
from core.victims.service import record_victim, save_care_log
from tests.features.pages import form_posting_to, form_values, page_of, sandbox_captures, squash
from tests.features.scenario import Scenario

scenarios("partner.feature")


@dataclass
class Case(Scenario):
    officer: object = None  # who recorded the victims
    page: object = None
    victims: dict = field(default_factory=dict)
    referral: str = ""
    template: str = ""


@pytest.fixture
def case():
    return Case()


@given(parsers.parse('the force\'s commissioned service is "{name}", sending as "{sender}", told of referrals at '
                     '{email}'))
def service(case, make_mad_app, name, sender, email):
    case.app = make_mad_app(config={**base_config(), "partner": {"name": name, "sender_name": sender,
                                                                 "email": email}})


def record(case, signed_in, name, reference, phone):
    if case.officer is None:
        case.client, case.officer = signed_in(case.app, "officer", display_name="PC 1234 Jones")
    victim = record_victim(case.mad, {"crime_reference": reference, "name": name, "phone": phone, "locale": "en",
                                      "district": "Northtown", "crime_type": "volume", "oic_name": "PC 1234 Jones"},
                           case.officer, today=date.today())
    case.victims[name] = victim.id
    return victim


@given(parsers.parse("an officer recorded {name} on crime {reference}, who said in the needs assessment that the "
                     "crime left them in financial difficulty"))
def recorded_with_needs(case, signed_in, name, reference):
    victim = record(case, signed_in, name, reference, "07700 900456")
    answers = {f"vna__{q['id']}": "no" for q in case.mad.config.care_log["vna_questions"]}
    save_care_log(case.mad, victim.id, {"needs_assessment": "yes", **answers, "vna__finances": "yes"}, case.officer,
                  today=date.today())


@given(parsers.parse("an officer recorded {name} on crime {reference}"))
def recorded(case, signed_in, name, reference):
    record(case, signed_in, name, reference, "07700 900789")


@given(parsers.parse("the officer referred {name} to us from their page, and they agreed to be referred"))
def referred(case, name):
    victim_page = page_of(case.client.get(f"/victims/{case.victims[name]}"))
    form_page = page_of(case.client.get(victim_page.one("a", data_refer=True).attrs["href"]))
    values = form_values(form_posting_to(form_page, "/partner/refer"))
    assert values["victim_name"] == name and values["needs"] == "financial_hardship"  # filled in from the care log
    response = case.client.post("/partner/refer", data={**values, "consent": "yes"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    case.referral = response.headers["Location"]
    case.mad.dispatcher.drain()


@then(parsers.parse('our referrals inbox has an email listing "{need}"'))
def emailed(case, need):
    captures = [c for c in sandbox_captures(page_of(case.client.get("/sandbox/")))
                if "referrals@example.org" in c["recipient"]]
    assert len(captures) == 1 and f"- {need}" in captures[0]["body"]
    case.page = captures[0]


@then(parsers.parse("the email does not name {name}, their number or the crime reference"))
def email_is_minimal(case, name):
    text = case.page["body"] + (case.page["subject"] or "")
    for detail in (name, "07700 900456", "+447700900456", "06/123456/26"):
        assert detail not in text


@given(parsers.parse("I am signed in as {name} of Testshire Victim Care"))
def as_partner(case, signed_in, name):
    case.client, _ = signed_in(case.app, "partner", display_name=name)


@when("I open the referrals to our service")
def open_queue(case):
    case.page = page_of(case.client.get("/partner/"))


@then(parsers.parse("I see one referral, for crime {reference}, waiting for us"))
def one_referral(case, reference):
    rows = case.page.one("table", data_referrals=True).find_all("tr")[1:]
    assert len(rows) == 1 and reference in squash(rows[0].text) and "Waiting for the service" in squash(rows[0].text)
    assert "06/654321/26" not in squash(case.page.text)


@then(parsers.parse('it shows {name}, how to reach them and "{need}"'))
def shows(case, name, need):
    text = squash(page_of(case.client.get(case.referral)).one("dl", data_referral=True).text)
    assert name in text and "+447700900456" in text and need in text


@then(parsers.parse("I cannot open crime {reference}, its victims or the sandbox"))
def cannot_open(case, reference):
    for url in (f"/crimes/{reference}", f"/victims/{case.victims['Sam Other']}", "/sandbox/", "/victims/"):
        assert case.client.get(url).status_code in (403, 404), url


@when("I record that we contacted the victim")
def record_contact(case):
    page = page_of(case.client.get(case.referral))
    form = next(f for f in page.find_all("form") if f.attrs.get("action", "").endswith("/status"))
    assert case.client.post(form.attrs["action"], data={**form_values(form), "status": "contacted"}).status_code == 302


@then(parsers.parse('the crime\'s chronology says "{words}"'))
def chronology_says(case, signed_in, words):
    officer, _ = signed_in(case.app, "officer", display_name="PC 5678 Patel")
    page = page_of(officer.get("/crimes/06/123456/26"))
    entries = page.find_all("p", data_entry_text=True)
    assert any(words in squash(e.text) for e in entries), [squash(e.text) for e in entries]
    assert "partner_referral" not in squash(page.text)  # the email to the service is named in words


@then(parsers.parse("{name}'s Right 4 is met by the referral"))
def right_4_by_referral(case, name):
    from core.compliance.figures import victim_figures

    with case.mad.session() as session:
        rows = victim_figures(case.mad, session, date.today(), date.today())
    outcome = next(r for r in rows if r.victim_id == case.victims[name]).outcomes["right_4"]
    assert (outcome.status, outcome.reason) == ("met", "by_referral")


@when(parsers.parse('I write our message "{title}" saying "{text}"'))
def write_message(case, title, text):
    values = form_values(form_posting_to(page_of(case.client.get("/partner/templates/new")), "/partner/templates/"))
    saved = case.client.post("/partner/templates/new", data={**values, "title": title, "sms": text})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    case.template = saved.headers["Location"]


@then("it is a draft and I cannot send it yet")
def a_draft(case):
    page = page_of(case.client.get(case.template))
    assert squash(page.one("strong", data_state=True).text).startswith("Draft")
    assert page_of(case.client.get(case.referral)).find("form", data_send=True) is None


@when(parsers.parse('a coordinator approves "{title}"'))
def coordinator_approves(case, signed_in, title):
    vsc, _ = signed_in(case.app, "vsc", display_name="Sam Coordinator")
    page = page_of(vsc.get(case.template))
    form = next(f for f in page.find_all("form") if form_values(f).get("state") == "approved")
    assert vsc.post(form.attrs["action"], data=form_values(form)).status_code == 302
    history = squash(page_of(vsc.get(case.template)).one("ul", data_history=True).text)
    assert "Sam Coordinator · Approved" in history


@when(parsers.parse('I send "{title}" to {name} by text'))
def send(case, title, name):
    page = page_of(case.client.get(case.referral))
    form = page.one("form", data_send=True)
    values = form_values(form)
    assert values["recipient"] == "+447700900456"  # how the officer said to reach them
    response = case.client.post(form.attrs["action"], data={**values, "kind": "sms"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    case.mad.dispatcher.drain()


@then(parsers.parse('the victim receives a text that begins "{start}"'))
def victim_receives(case, signed_in, start):
    officer, _ = signed_in(case.app, "officer", display_name="PC 9012 Evans")
    captures = [c for c in sandbox_captures(page_of(officer.get("/sandbox/"))) if c["body"].startswith(start)]
    assert len(captures) == 1
