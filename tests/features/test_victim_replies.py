"""Step definitions for features/victim_replies.feature: replies, STOP and START, satisfaction.

The officer, the VSC and the supervisor act on the real pages through Flask's test client; the
victim's replies are typed on the Sandbox page's "Reply as the victim" form, exactly as in the
demo. What the victim receives is read from the Sandbox page; the chronology from the crime page.
"""

from dataclasses import dataclass

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from core.conversations.schedule import run_due
from core.testing import base_config
from tests.features.pages import crime_record, form_posting_to, form_values, parse_page, sandbox_captures
from tests.features.scenario import Scenario
from tests.helpers import hidden_fields, preview

scenarios("victim_replies.feature")

LANGUAGES = {"English": "en", "Arabic": "ar", "Welsh": "cy"}


@dataclass
class Case(Scenario):
    last_number: str = None
    page: object = None


@pytest.fixture
def case(make_mad_app):
    """The force's app, made before the Background signs the officer in (the feature does not name it)."""
    return Case(app=make_mad_app(config=base_config(locales=["en", "cy", "ar", "ur", "pl", "ro"])))


def deliver(case):
    case.mad.dispatcher.drain()
    run_due(case.mad)  # the conversations schedule: satisfaction checks, notifications
    case.mad.dispatcher.drain()


def text_victim(case, reference, number, template="crime_reference_assigned", language="English", extra=None):
    values = {"crime_reference": reference, "kind": "sms", "recipient": number, "locale": LANGUAGES[language],
              "field__officer_name": "PC 1234 Jones", **(extra or {})}
    page = preview(case.client, template, values)
    case.page = page
    if page.status_code != 200:
        return page
    sent = case.client.post(f"/updates/send/{template}", data=hidden_fields(page.get_data(as_text=True)))
    assert sent.status_code == 302, sent.get_data(as_text=True)
    deliver(case)
    return sent


def victim_replies(case, number, text):
    page = parse_page(case.client.get("/sandbox/").get_data(as_text=True))
    form = form_posting_to(page, "/sandbox/replies")
    answer = case.client.post(form.attrs["action"], data={**form_values(form), "sender": number, "body": text})
    assert answer.status_code == 302
    deliver(case)


def conversation(client, reference):
    page = parse_page(client.get(f"/crimes/{reference}").get_data(as_text=True))
    listing = page.find("ol", data_list="conversation")
    return [] if listing is None else [
        (item.attrs["data-turn"], item.text, item.find("div", data_interpreting_note=True))
        for item in listing.find_all("li", data_turn=True)]


# --- Given ---------------------------------------------------------------------------------


@given(parsers.parse("I have texted the victim of crime {reference} on {number} their crime reference"))
def texted(case, reference, number):
    text_victim(case, reference, number)
    case.last_number = number


@given(parsers.parse("I have texted the victim of crime {reference} on {number} their crime reference in {language}"))
def texted_in(case, reference, number, language):
    text_victim(case, reference, number, language=language)


@given(parsers.parse('the victim replied "{text}"'))
def replied_before(case, text):
    victim_replies(case, case.last_number, text)


# --- When ----------------------------------------------------------------------------------


@when(parsers.parse('the victim replies "{text}"'))
def replies(case, text):
    victim_replies(case, case.last_number, text)


@when(parsers.parse('the victim on {number} replies "{text}"'))
def replies_from(case, number, text):
    victim_replies(case, number, text)


@when(parsers.parse('someone on {number} replies "{text}"'))
def stranger_replies(case, number, text):
    victim_replies(case, number, text)


@when(parsers.parse("I try to text the victim of crime {reference} on {number} again"))
def text_again(case, reference, number):
    case.captured_before = len(sandbox_captures(parse_page(case.client.get("/sandbox/").get_data(as_text=True))))
    text_victim(case, reference, number)


@when(parsers.parse("I text the victim of crime {reference} on {number} that the crime is closed with no further action"))
def close_crime(case, reference, number):
    text_victim(case, reference, number, template="crime_closed_nfa", extra={"field__reason": "no_suspect"})


@when(parsers.parse("the VSC attaches it to crime {reference}"))
def vsc_attaches(case, reference):
    page = parse_page(case.vsc.get("/replies/unmatched").get_data(as_text=True))
    form = form_posting_to(page, "/replies/")
    answer = case.vsc.post(form.attrs["action"], data={**form_values(form), "crime_reference": reference})
    assert answer.status_code == 302


# --- Then ----------------------------------------------------------------------------------


@then(parsers.parse("my home page shows a new reply about crime {reference}"))
def home_shows_new_reply(case, reference):
    page = parse_page(case.client.get("/").get_data(as_text=True))
    banner = page.one("div", data_new_replies=True)
    assert f"Crime {reference}" in banner.text


@then(parsers.parse('the crime\'s page shows the reply "{text}" after the text I sent'))
def crime_page_shows_reply(case, text):
    turns = conversation(case.client, "06/123456/26")
    kinds = [kind for kind, _, _ in turns]
    assert kinds[:2] == ["sent", "reply"], kinds
    assert text in turns[1][1]


@then(parsers.parse("I get an email telling me the victim replied about crime {reference}, without their words"))
def officer_email(case, reference):
    captures = sandbox_captures(parse_page(case.client.get("/sandbox/").get_data(as_text=True)))
    mine = [c for c in captures if c["recipient"] == case.user.email]
    assert len(mine) == 1
    assert mine[0]["subject"] == f"A victim replied about crime {reference}"
    assert "call me after 5" not in mine[0]["body"]


@then("once I have opened the crime's page, my home page no longer shows the reply as new")
def no_longer_new(case):
    case.client.get("/crimes/06/123456/26")
    assert parse_page(case.client.get("/").get_data(as_text=True)).find("div", data_new_replies=True) is None


@then("I am told the victim has opted out, and offered email or a call instead")
def told_opted_out(case):
    assert case.page.status_code == 400
    html = case.page.get_data(as_text=True)
    assert "has opted out" in html and "Send this message by email instead, or call the victim." in html


@then(parsers.parse("nothing more is sent to {number}"))
def nothing_more(case, number):
    captures = sandbox_captures(parse_page(case.client.get("/sandbox/").get_data(as_text=True)))
    assert len(captures) == case.captured_before


@then("the crime's chronology says the victim opted out of texts")
def chronology_opt_out(case):
    record = crime_record(parse_page(case.client.get("/crimes/06/123456/26").get_data(as_text=True)))
    [entry] = [e for e in record["entries"] if e["title"] == "Victim asked for no more texts"]
    assert "replied STOP: no more texts will be sent" in entry["text"] and "+4477009***23" in entry["text"]
    assert entry["writes"] and all(w.startswith("Written to") for w in entry["writes"])


@then("the text is sent")
def text_is_sent(case):
    assert case.page.status_code == 200
    record = crime_record(parse_page(case.client.get("/crimes/06/123456/26").get_data(as_text=True)))
    assert [m["status"] for m in record["messages"]] == ["Sent", "Sent"]


@then(parsers.parse('the crime\'s page for {reference} shows the reply with the note "{note}"'))
def interpreting_note(case, reference, note):
    [(_, _, shown)] = [t for t in conversation(case.client, reference) if t[0] == "reply"]
    assert shown is not None and note in shown.text


@then("a VSC sees the reply among the unmatched replies")
def vsc_sees(case, signed_in):
    case.vsc, _ = signed_in(case.app, "vsc")
    page = parse_page(case.vsc.get("/replies/unmatched").get_data(as_text=True))
    assert "PC Jones gave me this number about my stolen bike" in page.one("ol", data_list="unmatched").text


@then(parsers.parse('the victim receives the satisfaction check "{wording}"'))
def receives_check(case, wording):
    captures = sandbox_captures(parse_page(case.client.get("/sandbox/").get_data(as_text=True)))
    assert wording in captures[0]["body"] and captures[0]["recipient"] == "+447700900123"


@then("the victim is asked what one thing we could have done better")
def follow_up(case):
    captures = sandbox_captures(parse_page(case.client.get("/sandbox/").get_data(as_text=True)))
    assert "What one thing could Testshire Police have done better?" in captures[0]["body"]


@then(parsers.parse("a supervisor sees a score of {score:d} for crime {reference} and a mean of {mean} out of 5"))
def supervisor_sees(case, signed_in, score, reference, mean):
    supervisor, _ = signed_in(case.app, "supervisor")
    page = parse_page(supervisor.get("/satisfaction").get_data(as_text=True))
    assert f"Mean score: {mean} out of 5" in page.one("p", data_overall=True).text
    rows = page.one("table", data_table="answers").one("tbody").find_all("tr")
    cells = [[c.text for c in row.find_all("td")] for row in rows]
    assert [c[0] for c in cells] == [reference] and cells[0][2] == str(score)
