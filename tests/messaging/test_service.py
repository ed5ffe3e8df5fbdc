"""The send service refuses bad requests with every problem named, storing nothing."""

import pytest
from sqlalchemy import func, select

from core.messaging.service import SendInvalid, prepare, queue
from core.models import Message, RecordsEntry
from tests.factories import update_request

REQUEST = update_request(kind="email", recipient="victim@example.org")


def errors_for(mad, **changes):
    with pytest.raises(SendInvalid) as error:
        prepare(mad, {**REQUEST, **changes})
    return error.value.errors


def test_unknown_template(mad):
    assert errors_for(mad, template_id="nonsense") == {
        "template_id": ["Choose a message from the list: that template does not exist"]}


def test_every_problem_is_reported_at_once(mad):
    errors = errors_for(mad, crime_reference="", kind="pigeon", locale="xx", fields={"officer_name": "x" * 81})
    assert set(errors) == {"crime_reference", "kind", "locale", "fields.officer_name"}
    assert errors["kind"] == ["Choose text message or email"]
    assert errors["fields.officer_name"] == ["Officer's name must be 80 characters or fewer"]


@pytest.mark.parametrize("address", ["victim@example.org\r\nBcc: everyone@example.com", "a@example.org, b@example.org",
                                     "not an address", ""])
def test_email_addresses_that_could_inject_headers_or_are_not_addresses_are_refused(mad, address):
    assert "recipient" in errors_for(mad, recipient=address)


@pytest.mark.parametrize(("number", "problem"), [
    ("07700 90012", "That is not a valid phone number"),
    ("0161 496 0123", "That is not a mobile number"),
    ("call me", "Enter a mobile number"),
])
def test_bad_mobile_numbers_are_explained(mad, number, problem):
    (message,) = errors_for(mad, kind="sms", recipient=number)["recipient"]
    assert message.startswith(problem)


def test_mobile_numbers_are_stored_in_international_form(mad):
    prepared = prepare(mad, {**REQUEST, "kind": "sms", "recipient": "+44 (0)7700 900 321"})
    assert prepared.recipient == "+447700900321"


def test_the_same_idempotency_key_returns_the_first_message_and_stores_nothing_more(mad):
    first, created = queue(mad, prepare(mad, {**REQUEST, "idempotency_key": "same-key-123"}), None)
    again, created_again = queue(mad, prepare(mad, {**REQUEST, "idempotency_key": "same-key-123"}), None)
    assert (created, created_again, again.id) == (True, False, first.id)
    with mad.session() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 1
        assert session.scalar(select(func.count()).select_from(RecordsEntry)) == 1


def test_an_email_carries_its_attachments_to_the_victim(app, mad, signed_in):
    from dataclasses import replace

    from core.toolkit import Attachment

    leaflet = Attachment("support-leaflet.pdf", "application/pdf", b"%PDF-1.4 fictional leaflet")
    prepared = replace(prepare(mad, REQUEST), attachments=(leaflet,))
    queue(mad, prepared, None)
    mad.dispatcher.drain()
    client, _ = signed_in(app)
    page = client.get("/sandbox/").get_data(as_text=True)
    assert "support-leaflet.pdf" in page and "application/pdf" in page
    import re

    (link,) = re.findall(r'href="(/sandbox/\d+/attachments/0)"', page)
    download = client.get(link)
    assert download.data == leaflet.data
    assert download.headers["Content-Disposition"] == 'attachment; filename="support-leaflet.pdf"'
    with mad.session() as session:
        entry = session.scalars(select(RecordsEntry)).one()
    assert "Attached: support-leaflet.pdf" in entry.text
