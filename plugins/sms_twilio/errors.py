"""What Twilio's answers mean for a victim's text, in words an officer can act on.

Twilio's error codes: https://www.twilio.com/docs/api/errors. Reasons never contain the number.
"""

import requests
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from core.toolkit import PermanentFailure, TemporaryFailure, reduce_answer

ADMIN = "ask an administrator to check the sms_twilio settings"

#: Refusals that will never succeed for this victim's number as it is.
PERMANENT = {
    21211: "Twilio says the mobile number is not valid: check it with the victim",
    21610: "The victim has opted out of texts from the force (they replied STOP). They can text START to opt "
           "back in; until then contact them another way",
    21614: "The number is not a mobile and cannot receive texts: check it with the victim",
    21612: "Twilio cannot send texts to this number: contact the victim another way",
    21408: "Texts to this country are not enabled on the force's Twilio account: " + ADMIN,
    21617: "The text is too long for Twilio (over 1,600 characters)",
    21635: "The number is a landline and cannot receive texts: check it with the victim",
}
#: Configuration problems: retried (an administrator can fix them), then failed.
CONFIGURATION = {
    20003: "Twilio refused the account SID or auth token: " + ADMIN,
    21606: "The sender number cannot send texts: " + ADMIN,
    21212: "The sender number is not valid: " + ADMIN,
    21703: "The Messaging Service has no sender numbers: " + ADMIN,
}
#: Delivery receipts (status callbacks) for texts that did not arrive.
UNDELIVERED = {
    30003: "The victim's phone was unreachable (switched off or out of signal)",
    30004: "The text was blocked by the victim's phone or network",
    30005: "The mobile number is unknown or no longer in service: check it with the victim",
    30006: "The number cannot receive texts (a landline or unreachable carrier)",
    30007: "The victim's mobile network filtered the text as spam",
    30008: "The mobile network reported an unknown error",
}


class SmsOutcomeUnknown(Exception):
    """Twilio may have created the message (no answer, or a server error): look it up before any retry."""


def twilio_code(value):
    """Twilio's error code as a number, or None when what came is not a code (its text is never kept)."""
    kept = reduce_answer(value).code
    return int(kept) if kept and kept.isdigit() and len(kept) <= 6 else None


def http_status(value):
    """An HTTP status as a number from 100 to 599, or None."""
    return value if isinstance(value, int) and 100 <= value <= 599 else None


def from_rest_error(exc):
    """Classify a ``TwilioRestException``: return the failure to raise.

    Called by the channel. 429 and 503 mean Twilio refused before creating anything; other 5xx
    answers may come after the message was created, so they are ambiguous. Only Twilio's numeric
    code and the HTTP status are kept: its message text may repeat the number or the text.
    """
    status, code = http_status(getattr(exc, "status", None)), twilio_code(getattr(exc, "code", None))
    if status == 429:
        return TemporaryFailure("Twilio asked the toolkit to slow down (HTTP 429); the text will be retried")
    if status == 503:
        return TemporaryFailure("Twilio was unavailable (HTTP 503); the text will be retried")
    if status is not None and status >= 500:
        return SmsOutcomeUnknown(f"HTTP {status}")
    if code in PERMANENT:
        return PermanentFailure(f"{PERMANENT[code]} (Twilio error {code})")
    if code in CONFIGURATION or status in (401, 403):
        return TemporaryFailure(f"{CONFIGURATION.get(code, 'Twilio refused the credentials: ' + ADMIN)} "
                                f"(Twilio error {code})")
    if code is None:
        return PermanentFailure(f"Twilio refused the text (HTTP {status}, no readable error code)")
    return PermanentFailure(f"Twilio refused the text (error {code}, HTTP {status})")


def from_transport_error(exc):
    """Classify a ``requests`` exception: TemporaryFailure only if the request never reached Twilio."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return TemporaryFailure("Could not reach Twilio (connection timed out); the text will be retried")
    if isinstance(exc, requests.exceptions.ConnectionError) and not isinstance(exc, requests.exceptions.ReadTimeout):
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        if isinstance(reason, (NewConnectionError, ConnectTimeoutError)):
            return TemporaryFailure("Could not reach Twilio (no connection); the text will be retried")
    return SmsOutcomeUnknown(type(exc).__name__)


def undelivered_reason(status, error_code):
    """The officer-readable reason for a status callback saying ``undelivered`` or ``failed``."""
    code = twilio_code(error_code)
    if code in UNDELIVERED:
        return f"{UNDELIVERED[code]} (Twilio error {code})"
    if code in PERMANENT:
        return f"{PERMANENT[code]} (Twilio error {code})"
    status = status if status in ("undelivered", "failed") else "not delivered"
    return f"Twilio reported the text as {status}" + (f" (error {code})" if code else "")
