"""The SMTP email channel: one reused connection per dispatcher thread, every outcome classified.

How each failure is classified (the dispatcher retries temporary ones, never resends ambiguous ones):

- connection refused, timeout or TLS failure before the message went → :class:`TemporaryFailure`;
- a 4xx reply → TemporaryFailure; a 5xx reply → :class:`PermanentFailure`;
- the connection drops after the whole message and its final "." were handed to the server but
  before the server answered → :class:`DeliveryOutcomeUnknown`. The server may have queued it, and
  SMTP offers no way to ask, so :meth:`SmtpChannel.lookup` answers "cannot tell" and the outbox
  fails the message with a reason instead of sending the victim a second copy.

A pooled connection the server closed while idle fails on its first command, before anything was
sent; the channel reconnects and tries once more.
"""

import logging
import re
import smtplib
import ssl
import threading
from datetime import datetime, timezone
from email.generator import BytesGenerator
from io import BytesIO

from core.toolkit import Channel, PermanentFailure, SendResult, TemporaryFailure, stored_message
from plugins.email_smtp.compose import build
from plugins.email_smtp.settings import DEFAULT_PORTS

log = logging.getLogger(__name__)

REPLY_MEANINGS = {
    421: "the server is closing the connection", 450: "the mailbox is busy", 451: "the server had a local error",
    452: "the server is out of storage", 550: "the mailbox is unavailable", 551: "the user is not local",
    552: "the message is too big for the mailbox", 553: "the mailbox name is not allowed",
    554: "the transaction failed",
}
ENHANCED_CODE = re.compile(rb"^([245]\.\d{1,3}\.\d{1,3})\b")


class DeliveryOutcomeUnknown(Exception):
    """The server received the whole message but its answer was lost: it may or may not send it."""


class _Reply(Exception):
    """A reply code other than success, raised inside a transaction."""

    def __init__(self, code, text):
        super().__init__(code)
        self.code, self.text = code, text


def reply_failure(code, text, stage):
    """The Temporary- or PermanentFailure for SMTP reply ``code`` (no server text: it may hold the address)."""
    enhanced = ENHANCED_CODE.match(text or b"")
    detail = f"SMTP {code}{' ' + enhanced.group(1).decode() if enhanced else ''}"
    meaning = REPLY_MEANINGS.get(code, "no further detail")
    if 400 <= code < 500:
        return TemporaryFailure(f"The email server asked us to try again later at {stage} ({detail}: {meaning})")
    return PermanentFailure(f"The victim's email server refused the message at {stage} ({detail}: {meaning}). "
                            "Check the email address with the victim.")


def dot_stuffed(data):
    """``data`` (CRLF lines) as sent after DATA: leading dots doubled, ending in CRLF . CRLF."""
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


class SmtpChannel(Channel):
    """Delivers email through one SMTP server with the ``email_smtp`` settings."""

    name = "email_smtp"
    kind = "email"

    def __init__(self, mad, settings):
        self.mad = mad
        self.settings = settings
        self.port = settings.get("port") or DEFAULT_PORTS[settings["security"]]
        self._local = threading.local()
        self._all = set()
        self._lock = threading.Lock()

    # -- connections -------------------------------------------------------------------------

    def _tls_context(self):
        return ssl.create_default_context(cafile=self.settings.get("ca_file"))

    def _connect(self):
        s = self.settings
        try:
            if s["security"] == "tls":
                smtp = smtplib.SMTP_SSL(s["host"], self.port, timeout=s["timeout_seconds"], context=self._tls_context())
            else:
                smtp = smtplib.SMTP(s["host"], self.port, timeout=s["timeout_seconds"])
            smtp.ehlo()
            if s["security"] == "starttls":
                smtp.starttls(context=self._tls_context())
                smtp.ehlo()
            if s.get("username"):
                smtp.login(s["username"], s["password"])
        except smtplib.SMTPAuthenticationError:
            raise TemporaryFailure("The email server refused the toolkit's login: an administrator must check the "
                                   "email_smtp username and password") from None
        except smtplib.SMTPNotSupportedError:
            raise TemporaryFailure("The email server does not offer STARTTLS or login as configured: an "
                                   "administrator must check the email_smtp security setting") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(f"Could not connect to the email server ({type(exc).__name__})") from None
        with self._lock:
            self._all.add(smtp)
        return smtp

    def _connection(self, fresh=False):
        smtp = getattr(self._local, "smtp", None)
        if smtp is not None and fresh:
            self._drop()
            smtp = None
        if smtp is None:
            smtp = self._connect()
            self._local.smtp = smtp
        return smtp

    def _drop(self):
        smtp = getattr(self._local, "smtp", None)
        self._local.smtp = None
        if smtp is not None:
            with self._lock:
                self._all.discard(smtp)
            try:
                smtp.close()
            except OSError:
                pass

    def close(self):
        """Close every connection this channel holds (at shutdown; the benchmark and tests call it)."""
        with self._lock:
            connections, self._all = list(self._all), set()
        for smtp in connections:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

    # -- sending -----------------------------------------------------------------------------

    def _reply_to(self, message):
        s = self.settings
        if s.get("reply_to_officer"):
            stored = stored_message(self.mad, message.id)
            if stored is not None and stored.author_email:
                return stored.author_email, stored.author_name
        return (s["reply_to"], s.get("reply_to_name")) if s.get("reply_to") else None

    def send(self, message):
        """Send ``message`` (an OutboundMessage) as one email; return SendResult with its Message-ID.

        Called by the dispatcher. Raises Temporary/PermanentFailure or DeliveryOutcomeUnknown.
        """
        email, utf8 = build(message, self.settings, datetime.now(timezone.utc), self._reply_to(message))
        buffer = BytesIO()
        BytesGenerator(buffer, policy=email.policy).flatten(email)
        data = dot_stuffed(buffer.getvalue())
        reused = getattr(self._local, "smtp", None) is not None
        try:
            self._transaction(self._connection(), message, data, utf8)
        except smtplib.SMTPServerDisconnected:
            self._drop()
            if not reused:
                raise TemporaryFailure("The email server closed the connection before the message was sent") from None
            try:  # the pooled connection had gone stale; nothing was sent on it
                self._transaction(self._connection(fresh=True), message, data, utf8)
            except smtplib.SMTPServerDisconnected:
                self._drop()
                raise TemporaryFailure("The email server closed the connection before the message was sent") from None
        return SendResult(provider_reference=email["Message-ID"])

    def _transaction(self, smtp, message, data, utf8):
        """MAIL, RCPT, DATA on ``smtp``; raises SMTPServerDisconnected only while nothing was handed over."""
        options = []
        if utf8:
            if not smtp.has_extn("smtputf8"):
                raise PermanentFailure("The email server cannot take an address with non-English letters")
            options.append("SMTPUTF8")
        if smtp.has_extn("8bitmime"):
            options.append("BODY=8BITMIME")
        try:
            stage = "the sender address"
            code, text = smtp.mail(self.settings["from_address"], options)
            if code != 250:
                raise _Reply(code, text)
            stage = "the recipient address"
            code, text = smtp.rcpt(message.recipient)
            if code not in (250, 251):
                raise _Reply(code, text)
            stage = "the start of the message"
            code, text = smtp.docmd("DATA")
            if code != 354:
                raise _Reply(code, text)
        except _Reply as reply:
            self._reset(smtp)
            raise reply_failure(reply.code, reply.text, stage) from None
        except smtplib.SMTPServerDisconnected:
            raise  # (a subclass of OSError) the caller reconnects once: nothing was handed over
        except OSError as exc:
            self._drop()
            raise TemporaryFailure(f"The email connection failed before the message was sent ({type(exc).__name__})") from None
        try:
            smtp.send(data)
        except OSError as exc:  # SMTPServerDisconnected included
            # sendall failed, so the final "." did not leave: the server discards the partial message
            self._drop()
            raise TemporaryFailure(f"The email connection failed while sending ({type(exc).__name__})") from None
        try:
            code, text = smtp.getreply()
        except OSError as exc:  # SMTPServerDisconnected included
            self._drop()
            raise DeliveryOutcomeUnknown(f"no answer after the message was sent ({type(exc).__name__})") from None
        if code != 250:
            self._reset(smtp)
            raise reply_failure(code, text, "the end of the message")

    def _reset(self, smtp):
        try:
            smtp.rset()
        except (OSError, smtplib.SMTPException):
            self._drop()

    def lookup(self, message_id):
        """SMTP cannot say whether a server queued a message: always "cannot tell" (None).

        Called by the outbox after :class:`DeliveryOutcomeUnknown` or a crash mid-send, so the
        message is failed with a reason rather than sent twice. Its Message-ID is derived from
        ``message_id``, so anyone reconciling by hand can find it in the mail server's logs.
        """
        return None
