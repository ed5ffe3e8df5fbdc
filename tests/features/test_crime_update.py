"""Step definitions for features/crime_update.feature: keeping a victim of crime updated.

Every step acts on the real pages through Flask's test client, as an officer's browser would:
sign in through the form (with its CSRF token), go from the crime's page to "Update the victim",
choose the message by its title, fill in the form by its labels, press Preview, then press Send
with exactly the hidden fields the preview page carries. Outcomes are checked on what a person
sees (the status page, the crime's page, the sandbox page and the email as the victim opens it)
and, where the page cannot show it, on the sandbox's capture rows and the local audit chronology.
"""

import re
from datetime import datetime, time
from urllib.parse import parse_qs, urlsplit

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from core import clock
from core.models import AuditChronologyEntry, Message, RecordsEntry, SandboxCapture
from core.testing import csrf_from
from tests.features.officer_actions import (
    CHANNEL_KINDS, UpdateCase,
    assert_is_preview, capture_rows, captures_for, chronology_rows, count, deliver, e164, fill_in_and_preview,
    open_page, page_of, page_path, press_send, read_crime_record, remember, send_update, victim_address,
)
from tests.features.pages import crime_record, parse_page, sandbox_captures, squash

#: The languages the scenarios name, and the codes the pages mark them with.
LANGUAGES = {"English": "en", "Welsh": "cy"}
#: How each channel is named on the sandbox page and at the start of a records entry.
CHANNEL_NAMES = {"text": "Text message", "email": "Email"}


scenarios("crime_update.feature")


@pytest.fixture
def case():
    return UpdateCase()


# --- Background ----------------------------------------------------------------------------


@given("Testshire Police keeps victims updated in English and Welsh")
def _(case, make_mad_app):
    case.app = make_mad_app(name="Testshire Police", locales=["en", "cy"])
    assert case.mad.config.force["name"] == "Testshire Police"
    assert [info.code for info in case.mad.locales] == ["en", "cy"]


# --- Given ---------------------------------------------------------------------------------


@given(parsers.re(r"today is (?P<day>\w+, \d+ \w+ \d{4})"))
def _(day, monkeypatch):
    today = datetime.strptime(day, "%A, %d %B %Y").date()
    monkeypatch.setattr(clock, "today", lambda: today)
    monkeypatch.setattr(clock, "now", lambda: datetime.combine(today, time(9, 0), clock.FORCE_TIMEZONE))


@given(parsers.re(r"the victim's (?:mobile number|phone number|email address) is (?P<contact>.+)"))
def _(case, contact):
    case.contact = contact


@given(parsers.parse("an officer has texted the victim of crime {reference} on {number}"))
def _(case, signed_in, reference, number):
    client, _officer = signed_in(case.app)
    _preview, response = send_update(client, reference, "Crime reference assigned", "text message", "English", number)
    deliver(case)
    case.reference, case.contact, case.status_url = reference, number, response.headers["Location"]
    with case.mad.session() as session:
        assert session.scalars(select(Message.status)).all() == ["sent"]


# --- When ----------------------------------------------------------------------------------

SEND = r'the "(?P<title>[^"]+)" update by (?P<how>text message|email) in (?P<language>\w+)'


@when(parsers.re(rf"I send the victim {SEND}"))
def _(case, title, how, language):
    remember(case, title, how, language)
    case.page, response = send_update(case.client, case.reference, title, how, language, case.contact)
    case.sent.append(response)


@when(parsers.re(rf"I send the victim {SEND}, with:"))
def _(case, title, how, language, datatable):
    remember(case, title, how, language)
    fields = [(label.strip(), value.strip()) for label, value in datatable]
    case.page, response = send_update(case.client, case.reference, title, how, language, case.contact, fields)
    case.sent.append(response)


@when(parsers.re(rf"I try to send the victim {SEND}"))
def _(case, title, how, language):
    remember(case, title, how, language)
    case.page = fill_in_and_preview(case.client, case.reference, title, how, language, case.contact)
    if case.page.status_code == 200:  # a preview: the officer would press Send
        case.sent.append(press_send(case.client, case.page))


@when(parsers.re(rf"I try to send the victim {SEND}, with:"))
def _(case, title, how, language, datatable):
    remember(case, title, how, language)
    fields = [(label.strip(), value.strip()) for label, value in datatable]
    case.page = fill_in_and_preview(case.client, case.reference, title, how, language, case.contact, fields)
    if case.page.status_code == 200:  # a preview: the officer would press Send
        case.sent.append(press_send(case.client, case.page))


@when(parsers.re(rf"I preview {SEND}"))
def _(case, title, how, language):
    remember(case, title, how, language)
    case.page = fill_in_and_preview(case.client, case.reference, title, how, language, case.contact)
    assert_is_preview(case.page)


@when("I press Send twice")
def _(case):
    case.sent.append(press_send(case.client, case.page))
    case.sent.append(press_send(case.client, case.page))


@when(parsers.parse("someone who is not signed in opens {page}"))
def _(case, page):
    case.visitor = case.app.test_client()
    case.visited = page_path(case, page)
    case.visit_response = case.visitor.get(case.visited)


@when("they sign in as an officer")
def _(case, make_user):
    user, password = make_user(case.app, role="officer")
    sign_in_url = case.visit_response.headers["Location"]
    form_page = open_page(case.visitor, sign_in_url)
    case.visit_response = case.visitor.post(sign_in_url, data={
        "email": user.email, "password": password, "csrf_token": csrf_from(form_page.get_data(as_text=True)),
    })


# --- Then: what the officer is told --------------------------------------------------------


@then("I am told the message was sent and written to the crime's record")
def _(case):
    deliver(case)
    assert len(case.sent) == 1
    page = page_of(open_page(case.client, case.sent[0].headers["Location"]))
    panel = page.one("div", data_message_status=True)
    assert panel.attrs["data-message-status"] == "sent", panel.text
    assert "Your message was sent and has been written to the crime's record." in panel.text
    summary = {item.one("dt").text: item.one("dd").text for item in page.one("dl", class_="summary").find_all("div")}
    assert summary["Message"] == case.title
    assert summary["Crime reference"] == case.reference


@then(parsers.parse('I am told "{message}"'))
def _(case, message):
    assert case.page.status_code == 400, case.page.get_data(as_text=True)
    page = page_of(case.page)
    assert page.one("title").text.startswith("Error:")
    summary = page.one("div", data_error_summary=True)
    assert summary.one("h2").text == "There is a problem"
    links = [a for a in summary.find_all("a") if a.text == message]
    assert len(links) == 1, f"{message!r} is not in the error summary: {summary.text}"
    field_id = links[0].attrs["href"].removeprefix("#")
    assert page.one(id=field_id).tag == "input", "the error summary does not lead to the field"
    assert message in page.one(id=f"{field_id}-error").text


@then("the number I typed is still in the form for me to correct")
def _(case):
    recipient = page_of(case.page).one("input", id="recipient")
    assert recipient.attrs["value"] == case.contact
    assert "recipient-error" in recipient.attrs.get("aria-describedby", "").split()


@then("I am not offered a Send button")
def _(case):
    page = page_of(case.page)
    assert page.find(data_send=True) is None
    assert not [f for f in page.find_all("form") if f.attrs.get("action", "").startswith("/updates/send/")]
    assert case.sent == []


@then("both presses show me the same message")
def _(case):
    assert [r.status_code for r in case.sent] == [302, 302]
    first, second = (r.headers["Location"] for r in case.sent)
    assert first == second
    page = page_of(open_page(case.client, first))
    assert page.one("h1").text.startswith("Message to victim:")


# --- Then: what the victim receives --------------------------------------------------------


@then(parsers.re(r"the victim receives an? (?P<what>text|email) in (?P<language>\w+) that quotes crime (?P<reference>\S+)"))
def _(case, what, language, reference):
    address = victim_address(case)
    captures = captures_for(case, address)
    assert len(captures) == 1, f"the victim received {len(captures)} messages"
    received = captures[0]
    assert received["meta"].split(" · ")[1] == CHANNEL_NAMES[what]
    assert received["lang"] == LANGUAGES[language]
    assert reference in received["body"]
    if what == "email":
        assert reference in received["subject"]
    rows = capture_rows(case, address)
    assert [(row.kind, row.locale) for row in rows] == [(CHANNEL_KINDS["text message" if what == "text" else what],
                                                          LANGUAGES[language])]
    assert rows[0].body == received["body"]
    case.received = received


@then(parsers.re(r"the victim receives (?P<number>\d+) texts?"))
def _(case, number):
    address = victim_address(case)
    assert len(captures_for(case, address)) == int(number)
    assert len(capture_rows(case, address)) == int(number)
    assert count(case, SandboxCapture) == int(number)


@then("the victim receives nothing")
def _(case):
    deliver(case)
    page = page_of(open_page(case.client, "/sandbox/"))
    assert sandbox_captures(page) == []
    assert "Nothing has been captured yet." in page.text
    assert count(case, SandboxCapture) == 0


@then("the text reads:")
def _(case, docstring):
    assert squash(case.received["body"]) == squash(docstring)


@then(parsers.parse('the text says "{sentence}"'))
def _(case, sentence):
    assert sentence in squash(case.received["body"]), case.received["body"]


@then("the email says:")
def _(case, docstring):
    assert squash(docstring) in squash(case.received["body"]), case.received["body"]


@then(parsers.parse('the email\'s subject is "{subject}"'))
def _(case, subject):
    assert case.received["subject"] == subject


@then("the email the victim opens is marked as written in Welsh")
def _(case):
    assert case.received["html_link"], "the sandbox offers no view of the email as the victim opens it"
    framed = page_of(open_page(case.client, case.received["html_link"])).one("iframe", data_email_frame=True)
    response = open_page(case.client, framed.attrs["src"])  # the email's HTML part exactly as sent
    assert response.content_type.startswith("text/html")
    email = page_of(response)
    assert email.one("html").attrs.get("lang") == LANGUAGES["Welsh"]
    assert squash(case.received["body"].split("\n\n")[0]) in email.one("body").text


# --- Then: the crime's record --------------------------------------------------------------


@then(parsers.re(r"the crime's record shows the (?P<what>text|email) was sent to (?P<masked>\S+)"))
def _(case, what, masked):
    _html, record = read_crime_record(case)
    assert len(record["messages"]) == 1, record["messages"]
    message = record["messages"][0]
    assert (message["message"], message["to"], message["status"]) == (case.title, masked, "Sent")
    assert message["language"] == case.language  # in words, never its code
    assert len(record["entries"]) == 1, record["entries"]
    entry = record["entries"][0]
    assert entry["text"].startswith(f"{CHANNEL_NAMES[what]} to victim ({masked}) in {case.language}: {case.title}.")
    assert squash(case.received["body"]) in squash(entry["text"])
    assert case.user.display_name in entry["meta"]
    assert entry["title"] == f"{CHANNEL_NAMES[what]} sent to the victim in {case.language}"
    assert entry["writes"] == ["Written to Local audit log"]
    rows = chronology_rows(case)  # what the local audit writer keeps for this crime
    assert [(row.text, row.author) for row in rows] == [(entry["text"], case.user.display_name)]


@then("the victim's full number or address is not shown on the crime's record")
def _(case):
    html, record = read_crime_record(case)
    assert record["entries"], "nothing on the crime's record to check"
    if "@" in case.contact:
        hidden = [case.contact, case.contact.split("@")[0]]
    else:
        digits = re.sub(r"\D", "", case.contact)
        hidden = [case.contact, digits, e164(case.contact), digits[1:]]
    for text in hidden:
        assert text not in html, f"{text!r} is shown on the crime's record"
        for row in chronology_rows(case):
            assert text not in row.text and text not in (row.english_text or "")


@then(parsers.parse("the crime's record says the email was in {language} and keeps its English meaning:"))
def _(case, language, docstring):
    _html, record = read_crime_record(case)
    (entry,) = record["entries"]
    assert f" in {language}: " in entry["text"].splitlines()[0]
    assert squash(docstring) not in squash(entry["text"]), "the entry is not in the victim's language"
    assert entry["english"] is not None, "the crime's record has no English meaning"
    assert entry["english_lang"] == "en"
    assert squash(docstring) in squash(entry["english"])
    (row,) = chronology_rows(case)
    assert squash(docstring) in squash(row.english_text or ""), "the audit chronology lost the English meaning"
    assert squash(case.received["body"]) in squash(row.text)


@then("nothing is written to the crime's record")
def _(case):
    html, record = read_crime_record(case)
    assert record == {"messages": [], "entries": []}
    page = parse_page(html)
    assert "No messages have been sent for this crime." in page.text
    assert "No records entries yet." in page.text
    assert count(case, Message) == 0 and count(case, RecordsEntry) == 0 and count(case, AuditChronologyEntry) == 0


@then(parsers.parse("the crime's record shows {messages:d} message and {entries:d} entry"))
def _(case, messages, entries):
    _html, record = read_crime_record(case)
    assert len(record["messages"]) == messages
    assert len(record["entries"]) == entries
    assert count(case, Message) == messages
    assert len(chronology_rows(case)) == entries


# --- Then: someone who is not signed in ----------------------------------------------------


@then("they are sent to sign in")
def _(case):
    response = case.visit_response
    assert response.status_code == 302, response.status_code
    location = urlsplit(response.headers["Location"])
    assert location.path == "/sign-in"
    assert parse_qs(location.query).get("next") == [case.visited]
    page = page_of(open_page(case.visitor, response.headers["Location"]))
    assert page.one("h1").text == "Sign in"


@then("they see nothing about the crime or the victim")
def _(case):
    digits = re.sub(r"\D", "", case.contact)
    victim = ("Crime reference assigned", "your crime reference", digits[1:], e164(case.contact), "***" + digits[-2:])
    # The redirect names only the address they asked for (so that signing in can take them there).
    redirect = case.visit_response.get_data(as_text=True).replace(case.visited, "")
    sign_in_page = open_page(case.visitor, case.visit_response.headers["Location"]).get_data(as_text=True)
    for secret in victim:
        assert secret not in redirect, f"{secret!r} was shown to someone not signed in"
    for secret in (case.reference, *victim):
        assert secret not in sign_in_page, f"{secret!r} was shown to someone not signed in"


@then(parsers.parse("they are taken to {page} and can see the update"))
def _(case, page):
    response = case.visit_response
    assert response.status_code == 302, response.get_data(as_text=True)
    assert urlsplit(response.headers["Location"]).path == page_path(case, page) == case.visited
    shown = page_of(open_page(case.visitor, response.headers["Location"]))
    if page == "the sandbox":
        bodies = [c["body"] for c in sandbox_captures(shown)]
        assert len(bodies) == 1 and f"your crime reference is {case.reference}" in bodies[0]
    elif page == "the message's status page":
        assert shown.one("div", data_message_status=True).attrs["data-message-status"] == "sent"
        assert case.reference in shown.one("dl", class_="summary").text
    else:
        assert shown.one("h1").text == f"Crime {case.reference}"
        assert [m["message"] for m in crime_record(shown)["messages"]] == ["Crime reference assigned"]
