"""What an officer does on the real pages, shared by the feature steps.

Each helper acts through Flask's test client as a browser would: open a page, fill a form by its
labels, press Preview, press Send with exactly the hidden fields the preview carries.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select

from core.models import AuditChronologyEntry, SandboxCapture
from tests.features.pages import crime_record, form_posting_to, form_values, label_text, parse_page, sandbox_captures
from tests.features.scenario import Scenario

@dataclass
class UpdateCase(Scenario):
    """What one scenario has done so far: the app, who is signed in, what they typed and saw."""

    reference: str = None
    contact: str = None
    title: str = None
    how: str = None
    language: str = None
    page: object = None  # the last response the officer saw before pressing Send
    sent: list = field(default_factory=list)  # the responses to each press of Send
    status_url: str = None
    received: dict = None  # the capture the victim received, as the sandbox page shows it
    visitor: object = None  # a browser that is not signed in
    visited: str = None
    visit_response: object = None


#: How a scenario names each channel, and the kind the form posts.
CHANNEL_KINDS = {"text message": "sms", "email": "email"}


def open_page(client, path, expect=200):
    response = client.get(path)
    assert response.status_code == expect, f"{path}: {response.status_code}\n{response.get_data(as_text=True)}"
    return response


def page_of(response):
    return parse_page(response.get_data(as_text=True))


def e164(number):
    """A UK number as the sandbox shows where it went: 07700 900123 → +447700900123."""
    digits = re.sub(r"\D", "", number)
    return "+44" + digits[1:] if digits.startswith("0") else "+" + digits


def victim_address(case):
    return case.contact if "@" in case.contact else e164(case.contact)


def deliver(case):
    """Let the dispatcher deliver everything waiting and write every records entry."""
    case.mad.dispatcher.drain()


def open_compose_form(client, reference, title):
    """From the crime's page: "Update the victim", then the message with ``title``."""
    crime = page_of(open_page(client, f"/crimes/{reference}"))
    update = [a for a in crime.find_all("a") if a.text == "Update the victim"]
    assert len(update) == 1, "no 'Update the victim' button on the crime's page"
    choose = page_of(open_page(client, update[0].attrs["href"]))
    choices = [a for a in choose.find_all("a", class_="mad-choice__title") if a.text == title]
    assert len(choices) == 1, f"no message called {title!r} to choose"
    return open_page(client, choices[0].attrs["href"])


def control_labelled(page, form, label):
    """The input or select whose label reads ``label``."""
    found = [c for c in form.find_all() if c.tag in ("input", "select", "textarea") and label_text(page, c) == label]
    assert len(found) == 1, f"no field labelled {label!r} on the form"
    return found[0]


def typed_value(control, typed):
    """What the browser posts when the officer enters ``typed`` in ``control``."""
    if control.tag == "select":
        options = [o for o in control.find_all("option") if typed in (o.attrs.get("value"), o.text)]
        assert len(options) == 1, f"{typed!r} is not one of the choices"
        return options[0].attrs["value"]
    if control.attrs.get("type") == "date":  # the date picker shows 14/03/2026 and posts 2026-03-14
        return datetime.strptime(typed, "%d/%m/%Y").date().isoformat()
    return typed


def fill_in_and_preview(client, reference, title, how, language, contact, fields=()):
    """Open the form for ``title``, fill it in as the officer would and press Preview."""
    compose = open_compose_form(client, reference, title)
    page = page_of(compose)
    form = form_posting_to(page, "/updates/new/")
    values = form_values(form)
    assert values.get("crime_reference") == reference, "the crime reference was not carried from the crime's page"
    kinds = [r for r in form.find_all("input", type="radio", name="kind")
             if label_text(page, r).lower().startswith(how.lower())]
    assert len(kinds) == 1, f"cannot choose to send by {how}"
    values["kind"] = kinds[0].attrs["value"]
    assert values["kind"] == CHANNEL_KINDS[how]
    values[form.one("input", id="recipient").attrs["name"]] = contact
    options = [o for o in form.one("select", id="locale").find_all("option")
               if o.text == language or o.text.endswith(f"({language})")]
    assert len(options) == 1, f"{language} is not offered"
    values["locale"] = options[0].attrs["value"]
    for label, typed in fields:
        control = control_labelled(page, form, label)
        values[control.attrs["name"]] = typed_value(control, typed)
    preview_button = [b for b in form.find_all("button") if b.text == "Preview"]
    assert len(preview_button) == 1, "no Preview button"
    values[preview_button[0].attrs["name"]] = preview_button[0].attrs["value"]
    return client.post(form.attrs["action"], data=values)


def press_send(client, preview_response):
    """Press Send on the preview page: post exactly the hidden fields it carries."""
    page = page_of(preview_response)
    form = form_posting_to(page, "/updates/send/")
    send = [b for b in form.find_all("button") if b.text == "Send"]
    assert len(send) == 1 and "name" not in send[0].attrs, "no Send button"
    return client.post(form.attrs["action"], data=form_values(form))


def assert_is_preview(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    page = page_of(response)
    assert page.one("h1").text == "Check before sending"


def send_update(client, reference, title, how, language, contact, fields=()):
    """The whole journey: fill in, check the preview, press Send; return (preview, send response)."""
    preview = fill_in_and_preview(client, reference, title, how, language, contact, fields)
    assert_is_preview(preview)
    response = press_send(client, preview)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert re.fullmatch(r"/updates/[0-9a-f-]{36}", urlsplit(response.headers["Location"]).path)
    return preview, response


def captures_for(case, address):
    """What the sandbox page shows was received at ``address`` (after the dispatcher has run)."""
    deliver(case)
    page = page_of(open_page(case.client, "/sandbox/"))
    return [c for c in sandbox_captures(page) if c["recipient"] == address]


def capture_rows(case, address):
    with case.mad.session() as session:
        # The recipient is encrypted at rest (a different ciphertext each time), so compare after reading.
        return [c for c in session.scalars(select(SandboxCapture).order_by(SandboxCapture.id)) if c.recipient == address]


def read_crime_record(case):
    deliver(case)
    response = open_page(case.client, f"/crimes/{case.reference}")
    return response.get_data(as_text=True), crime_record(page_of(response))


def chronology_rows(case):
    with case.mad.session() as session:
        return session.scalars(
            select(AuditChronologyEntry).where(AuditChronologyEntry.crime_reference == case.reference)
        ).all()


def count(case, model):
    with case.mad.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def page_path(case, page):
    """The address of a page as a scenario names it ("the crime's page for 06/123456/26", "the sandbox")."""
    prefix = "the crime's page for "
    if page.startswith(prefix):
        return f"/crimes/{page.removeprefix(prefix)}"
    return {"the message's status page": urlsplit(case.status_url or "").path, "the sandbox": "/sandbox/"}[page]


def remember(case, title, how, language):
    """Keep what the scenario is sending (its title, channel and language) for the steps that check it."""
    case.title, case.how, case.language = title, how, language
