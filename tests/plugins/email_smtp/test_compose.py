"""Building the email: header values on one line, addresses checked, Message-ID stable per message."""

from datetime import datetime, timezone

import pytest

from core.toolkit import OutboundMessage, PermanentFailure
from plugins.email_smtp.compose import build, clean_header

SETTINGS = {"from_address": "updates@example.org", "from_name": "Testshire Police"}


def message(**changes):
    values = {"id": "0b139ccb-2bda-43d9-a7ab-eeb9ca267357", "kind": "email", "recipient": "victim@example.org",
              "body": "Hello", "locale": "en", "subject": "Your crime reference", "body_html": "<p>Hello</p>"}
    return OutboundMessage(**{**values, **changes})


@pytest.mark.parametrize("text, cleaned", [
    ("plain", "plain"), ("two\r\nlines", "two lines"), ("tab\there", "tab here"), ("nul\x00byte", "nul byte"),
    ("unicode\u2028line", "unicode line"), ("next\x85line", "next line"), ("  spaced   out ", "spaced out"),
    ("شرطة", "شرطة"), (None, ""),
])
def test_clean_header(text, cleaned):
    assert clean_header(text) == cleaned


@pytest.mark.parametrize("recipient", ["victim@example.org\r\nBcc: a@example.com", "not an address", "a@b@example.org"])
def test_a_bad_recipient_is_a_permanent_failure_not_a_header(recipient):
    with pytest.raises(PermanentFailure):
        build(message(recipient=recipient), SETTINGS, datetime.now(timezone.utc))


def test_message_id_is_the_same_on_every_attempt_and_uses_the_configured_domain():
    now = datetime.now(timezone.utc)
    first, _ = build(message(attempt=1), SETTINGS, now)
    second, _ = build(message(attempt=2), {**SETTINGS, "message_id_domain": "mad.example.org"}, now)
    assert first["Message-ID"] == "<0b139ccb-2bda-43d9-a7ab-eeb9ca267357@example.org>"
    assert second["Message-ID"] == "<0b139ccb-2bda-43d9-a7ab-eeb9ca267357@mad.example.org>"


def test_an_internationalised_address_asks_for_smtputf8():
    email, utf8 = build(message(recipient="أحمد@example.org"), SETTINGS, datetime.now(timezone.utc))
    assert utf8 and email["To"].addresses[0].username == "أحمد"


def test_the_commissioned_services_email_goes_from_the_force_address_under_its_own_name():
    now = datetime.now(timezone.utc)
    force, _ = build(message(), SETTINGS, now)
    service, _ = build(message(sender_name="Victim Care"), SETTINGS, now)
    sneaky, _ = build(message(sender_name="Victim Care\r\nBcc: a@example.com"), SETTINGS, now)
    assert force["From"] == "Testshire Police <updates@example.org>"
    assert service["From"] == "Victim Care <updates@example.org>"
    assert sneaky["From"] == '"Victim Care Bcc: a@example.com" <updates@example.org>' and sneaky["Bcc"] is None


def _as_received(email):
    """What a mail client reads from ``email`` once written to the wire and parsed again."""
    from email import message_from_bytes, policy
    from email.generator import BytesGenerator
    from io import BytesIO

    buffer = BytesIO()
    BytesGenerator(buffer, policy=email.policy).flatten(email)
    parsed = message_from_bytes(buffer.getvalue(), policy=policy.default)
    return {"subject": parsed["Subject"], "from": parsed["From"], "reply_to": parsed["Reply-To"],
            "language": parsed["Content-Language"], "date": parsed["Date"],
            "text": parsed.get_body(("plain",)).get_content(), "html": parsed.get_body(("html",)).get_content(),
            "attachments": [(a.get_filename(), a.get_content_type(), a.get_content()) for a in parsed.iter_attachments()]}


def test_an_internationalised_mailbox_receives_the_same_email_as_any_other():
    from core.toolkit import Attachment

    now = datetime.now(timezone.utc)
    words = {"subject": "رقم الجريمة الخاص بك", "body": "مرحبا\nرقم الجريمة 06/123456/26 " + "ـ" * 120,
             "body_html": '<html lang="ar" dir="rtl"><p>مرحبا</p></html>', "locale": "ar",
             "attachments": (Attachment("نشرة الدعم.pdf", "application/pdf", bytes(range(256)) * 4),)}
    settings = {**SETTINGS, "from_name": "شرطة Testshire"}
    plain, plain_utf8 = build(message(recipient="victim@example.org", **words), settings, now,
                              ("victim-care@example.org", "Victim Care"))
    intl, intl_utf8 = build(message(recipient="أحمد@example.org", **words), settings, now,
                            ("victim-care@example.org", "Victim Care"))

    assert (plain_utf8, intl_utf8) == (False, True)
    received = _as_received(plain)
    assert received == _as_received(intl)
    assert received["subject"] == words["subject"] and received["from"] == "شرطة Testshire <updates@example.org>"
    assert received["text"].replace("\r\n", "\n").rstrip("\n") == words["body"]
    assert received["attachments"] == [("نشرة الدعم.pdf", "application/pdf", bytes(range(256)) * 4)]
