"""Build the email a victim receives: multipart text and HTML, attachments, safe UTF-8 headers.

Every header value that comes from a template, a setting or a person is cleaned of line breaks
and control characters first, so nothing an officer types (or a translation contains) can add a
header; addresses are checked by :class:`email.headerregistry.Address`, and display names quoted.
Non-ASCII subjects and names are encoded (RFC 2047) and arrive readable.

The email is built with the ``email`` package's ``compat32`` message classes, which take the
values as given: the ``EmailMessage`` API parses every header and part it is handed, three times
the cost of the whole build (0.94 against 0.31 ms an email, ``benchmarks/dispatch.py``), for the
same message on the wire. An internationalised mailbox (a non-ASCII address, sent with SMTPUTF8)
needs raw UTF-8 headers, which only ``EmailMessage`` with the ``SMTPUTF8`` policy writes, so those
few emails are built that way.
"""

import re
import uuid
from email import encoders
from email.charset import QP, Charset
from email.errors import HeaderParseError
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.policy import SMTPUTF8, compat32
from email.utils import format_datetime, formataddr
from functools import lru_cache

from core.toolkit import PermanentFailure

#: Line breaks and other control characters, including Unicode line and paragraph separators.
UNSAFE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
#: How the ``compat32`` messages are written: lines ended as SMTP wants them.
WIRE = compat32.clone(linesep="\r\n")
#: Text parts in UTF-8, quoted-printable: readable, and safe through any relay.
UTF8_QP = Charset("utf-8")
UTF8_QP.body_encoding = QP


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


def _mailbox(addr_spec, display_name=None):
    """``Name <address>`` for a ``compat32`` header: checked, the name quoted and encoded as needed."""
    checked = address(addr_spec, display_name)
    return formataddr((checked.display_name, checked.addr_spec), charset="utf-8")


#: The sender and Reply-To repeat from one email to the next: checked and written once.
_settings_mailbox = lru_cache(maxsize=256)(_mailbox)


def message_id(message, domain):
    """The Message-ID header for toolkit message ``message``: the same on every attempt."""
    return f"<{message.id}@{domain}>"


def needs_smtputf8(*addresses):
    """True when an address has non-ASCII characters (an internationalised mailbox)."""
    return any(not a.isascii() for a in addresses if a)


def build(message, settings, now, reply_to=None):
    """The email for ``message`` (an OutboundMessage), and whether it needs SMTPUTF8.

    Called by the channel for each send; the channel writes it with ``email.policy``. Returns
    ``(email, utf8)``. ``reply_to`` is an ``(address, name)`` pair or None.
    """
    if needs_smtputf8(message.recipient, settings["from_address"]):
        return _build_utf8(message, settings, now, reply_to), True
    email = Message(policy=WIRE)
    for name, value in _headers(message, settings, now, reply_to, utf8=False):
        email[name] = value
    email["MIME-Version"] = "1.0"
    parts = [_text(message.body or "", "plain")]
    if message.body_html:
        parts.append(_text(message.body_html, "html"))
    body = parts[0] if len(parts) == 1 else _multipart("alternative", parts)
    if message.attachments:
        body = _multipart("mixed", [body] + [_attachment(a) for a in message.attachments])
    for name, value in body.items():  # the body's Content-Type (and encoding) on the email itself
        email[name] = value
    email.set_payload(body.get_payload())
    email["Content-Language"] = clean_header(message.locale)
    return email, False


def _headers(message, settings, now, reply_to, utf8):
    """The email's own headers, in order: ``[(name, value)]`` for From, To, Reply-To, Subject, Date, Message-ID.

    For ``compat32`` (``utf8`` False) the values are written out (mailboxes checked, quoted and
    encoded, a non-ASCII subject encoded); for ``EmailMessage`` they are :class:`Address` objects
    and plain text, which it encodes itself.
    """
    mailbox, settings_mailbox = (address, address) if utf8 else (_mailbox, _settings_mailbox)
    # The commissioned service's messages go from the force's address under the service's own name.
    sender = getattr(message, "sender_name", None) or settings.get("from_name")
    subject = clean_header(message.subject)
    headers = [("From", settings_mailbox(settings["from_address"], sender)), ("To", mailbox(message.recipient))]
    if reply_to:
        headers.append(("Reply-To", settings_mailbox(*reply_to)))
    domain = settings.get("message_id_domain") or settings["from_address"].rpartition("@")[2]
    return headers + [("Subject", subject if utf8 or subject.isascii() else Header(subject, "utf-8")),
                      ("Date", format_datetime(now.replace(microsecond=0))),
                      ("Message-ID", message_id(message, domain))]


def _attachment_type(attachment):
    """``(maintype, subtype, filename)`` of an attachment, each on one line, with safe defaults."""
    maintype, _, subtype = attachment.content_type.partition("/")
    return (clean_header(maintype) or "application", clean_header(subtype) or "octet-stream",
            clean_header(attachment.filename) or "attachment")


def _text(text, subtype):
    part = Message(policy=WIRE)
    if not text.endswith("\n"):
        text += "\n"  # a text part ends with a line break, as EmailMessage's set_content writes it
    part.set_payload(text, UTF8_QP)  # sets Content-Type (with the charset) and the transfer encoding
    part.replace_header("Content-Type", f'text/{subtype}; charset="utf-8"')
    del part["MIME-Version"]  # once, on the email itself
    return part


def _multipart(subtype, parts):
    container = Message(policy=WIRE)
    container["Content-Type"] = f"multipart/{subtype}"
    # "=_" never appears in quoted-printable or base64 text (the only encodings used here), so the
    # boundary cannot occur in a part, and the generator need not search every part for it.
    container.set_boundary(f"=_mad_{uuid.uuid4().hex}")
    for part in parts:
        container.attach(part)
    return container


def _attachment(attachment):
    maintype, subtype, filename = _attachment_type(attachment)
    part = Message(policy=WIRE)
    part["Content-Type"] = f"{maintype}/{subtype}"
    part.set_payload(attachment.data)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment",
                    filename=filename if filename.isascii() else ("utf-8", "", filename))
    return part


def _build_utf8(message, settings, now, reply_to):
    """The same email for an internationalised mailbox, with ``EmailMessage`` and raw UTF-8 headers."""
    email = EmailMessage(policy=SMTPUTF8)
    for name, value in _headers(message, settings, now, reply_to, utf8=True):
        email[name] = value
    email.set_content(message.body or "", subtype="plain", charset="utf-8")
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html", charset="utf-8")
    for attachment in message.attachments:
        maintype, subtype, filename = _attachment_type(attachment)
        email.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=filename)
    email["Content-Language"] = clean_header(message.locale)  # last: set_content and friends clear Content-*
    return email
