"""Build the email a victim receives: multipart text and HTML, attachments, safe UTF-8 headers.

Every header value that comes from a template, a setting or a person is cleaned of line breaks
and control characters first, so nothing an officer types (or a translation contains) can add a
header; addresses go through :class:`email.headerregistry.Address`, which quotes display names.
Non-ASCII subjects and names are encoded (RFC 2047) by the ``SMTP`` policy and arrive readable.
"""

import re
from functools import lru_cache
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime

from core.toolkit import PermanentFailure

#: Line breaks and other control characters, including Unicode line and paragraph separators.
UNSAFE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def clean_header(text):
    """``text`` on one line: control characters become spaces, runs of spaces collapse."""
    return " ".join(UNSAFE.sub(" ", text or "").split())


def address(addr_spec, display_name=None):
    """An :class:`Address`, or PermanentFailure when ``addr_spec`` is not one address."""
    if UNSAFE.search(addr_spec or ""):
        raise PermanentFailure("The email address contains a line break: check it with the victim")
    try:
        if addr_spec.isascii():
            return Address(display_name=clean_header(display_name), addr_spec=addr_spec)
        # An internationalised mailbox (sent with SMTPUTF8): the parser refuses non-ASCII local parts.
        username, at, domain = addr_spec.rpartition("@")
        if not at or not username or any(c in addr_spec for c in ' "<>(),;:\\[]'):
            raise ValueError(addr_spec)
        return Address(display_name=clean_header(display_name), username=username, domain=domain)
    except (ValueError, IndexError, TypeError, HeaderParseError):
        raise PermanentFailure("The email address is not valid: check it with the victim") from None


@lru_cache(maxsize=256)
def _same_every_time(name, value, addr_spec=None, display_name=None):
    """Header ``name`` parsed once and reused: the sender, Reply-To, the date to the second, the language.

    The email package parses every header it is given (the larger part of building a message);
    these repeat from one message to the next, and a parsed header is an immutable value.
    """
    if addr_spec is not None:
        value = address(addr_spec, display_name)
    return SMTP.header_factory(name, value)


def message_id(message, domain):
    """The Message-ID header for toolkit message ``message``: the same on every attempt."""
    return f"<{message.id}@{domain}>"


def needs_smtputf8(*addresses):
    """True when an address has non-ASCII characters (an internationalised mailbox)."""
    return any(not a.isascii() for a in addresses if a)


def build(message, settings, now, reply_to=None):
    """The :class:`EmailMessage` for ``message`` (an OutboundMessage).

    Called by the channel for each send. ``reply_to`` is an ``(address, name)`` pair or None.
    """
    utf8 = needs_smtputf8(message.recipient, settings["from_address"])
    email = EmailMessage(policy=SMTPUTF8 if utf8 else SMTP)
    # The commissioned service's messages go from the force's address under the service's own name.
    email["From"] = _same_every_time("From", None, settings["from_address"],
                                     getattr(message, "sender_name", None) or settings.get("from_name"))
    email["To"] = address(message.recipient)
    if reply_to:
        email["Reply-To"] = _same_every_time("Reply-To", None, *reply_to)
    email["Subject"] = clean_header(message.subject)
    email["Date"] = _same_every_time("Date", format_datetime(now.replace(microsecond=0)))
    domain = settings.get("message_id_domain") or settings["from_address"].rpartition("@")[2]
    email["Message-ID"] = message_id(message, domain)
    email.set_content(message.body or "", subtype="plain", charset="utf-8")
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html", charset="utf-8")
    for attachment in message.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        email.add_attachment(attachment.data, maintype=clean_header(maintype) or "application",
                             subtype=clean_header(subtype) or "octet-stream",
                             filename=clean_header(attachment.filename) or "attachment")
    email["Content-Language"] = _same_every_time("Content-Language", clean_header(message.locale))  # last: set_content and friends clear Content-*
    return email, utf8
