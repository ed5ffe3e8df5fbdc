"""The Twilio SMS channel: send through the twilio library, reconcile by looking the text up.

Every text carries its toolkit message id in its StatusCallback URL, so Twilio's delivery
receipts name the message they are about. When a send ends without a clear answer (a read
timeout, a dropped connection, a 5xx) the outbox calls :meth:`TwilioChannel.lookup`, which asks
Twilio for recent texts to the victim's number and matches the text exactly, skipping any Twilio
message already matched to another stored message. Only when Twilio certainly has no such text
does the message go back in the queue.
"""

import logging
import time
from datetime import timedelta, timezone
from urllib.parse import urlencode

import requests
from marshmallow import Schema, ValidationError, fields, validate
from twilio.base.exceptions import TwilioException, TwilioRestException

from core.toolkit import Channel, SendResult, rate_limiter, references_in_use, stored_message
from plugins.sms_twilio.client import make_client
from plugins.sms_twilio.errors import SmsOutcomeUnknown, from_rest_error, from_transport_error

log = logging.getLogger(__name__)

CALLBACK_PATH = "/callbacks/sms-twilio/status"
#: How far before the message was stored a Twilio record may be dated (clock skew) and how many to read.
LOOKUP_SKEW = timedelta(minutes=5)
LOOKUP_LIMIT = 100
#: A Twilio message SID (SMS or MMS), as Twilio's answers and delivery receipts must carry it.
MESSAGE_SID = validate.Regexp(r"^(SM|MM)[0-9a-fA-F]{32}\Z")  # \Z: no trailing newline


class MessageAnswerSchema(Schema):
    """The part of Twilio's message record the toolkit stores (as the provider reference)."""

    sid = fields.String(required=True, validate=MESSAGE_SID)


MESSAGE_ANSWER = MessageAnswerSchema()


def valid_sid(sid):
    """``sid`` when it is a message SID; the record is not believed otherwise."""
    try:
        return MESSAGE_ANSWER.load({"sid": sid})["sid"]
    except ValidationError:
        raise SmsOutcomeUnknown("Twilio answered without a valid message SID") from None


def callback_url(base, message_id):
    """The StatusCallback URL for ``message_id``: the id rides in the query string."""
    return f"{base.rstrip('/')}{CALLBACK_PATH}?{urlencode({'message_id': message_id})}"


class TwilioChannel(Channel):
    """Delivers texts through Twilio's Messages API with the ``sms_twilio`` settings."""

    name = "sms_twilio"
    kind = "sms"

    def __init__(self, mad, settings, client=None):
        self.mad = mad
        self.settings = settings
        self.client = client or make_client(settings)
        self.limiter = rate_limiter(mad, "sms_twilio", settings["messages_per_second"])  # force-wide
        self._attempted_at = {}

    def send(self, message):
        """Create the text at Twilio; return SendResult with its SID.

        Called by the dispatcher. Raises Permanent/TemporaryFailure, or SmsOutcomeUnknown when
        Twilio may have it (the outbox then calls :meth:`lookup`).
        """
        s = self.settings
        fields = {"to": message.recipient, "body": message.body}
        if s.get("messaging_service_sid"):
            fields["messaging_service_sid"] = s["messaging_service_sid"]
        else:
            fields["from_"] = s["from_number"]
        if s.get("public_base_url"):
            fields["status_callback"] = callback_url(s["public_base_url"], message.id)
        self.limiter.wait()
        self._attempted_at[message.id] = time.monotonic()
        try:
            created = self.client.messages.create(**fields)
        except TwilioRestException as exc:
            raise self._failure(message.id, from_rest_error(exc)) from None
        except requests.exceptions.RequestException as exc:
            raise self._failure(message.id, from_transport_error(exc)) from None
        except TwilioException as exc:  # an answer the library could not read: it may have been a success
            raise self._failure(message.id, SmsOutcomeUnknown(type(exc).__name__)) from None
        sid = valid_sid(created.sid)  # otherwise SmsOutcomeUnknown: it may exist, so lookup() decides
        self._attempted_at.pop(message.id, None)
        return SendResult(provider_reference=sid)

    def _failure(self, message_id, failure):
        """``failure``, forgetting the attempt time unless :meth:`lookup` will need it."""
        if not isinstance(failure, SmsOutcomeUnknown):
            self._attempted_at.pop(message_id, None)
        return failure

    def lookup(self, message_id):
        """Whether Twilio already has message ``message_id``: SendResult, False (certainly not) or None.

        Called by the outbox after an ambiguous send or a crash mid-send; never sends anything.
        Raises (and the outbox tries again later) when Twilio cannot be asked right now.
        """
        stored = stored_message(self.mad, message_id)
        if stored is None or not stored.recipient or stored.body is None:
            return None  # purged or unknown: nothing to match on
        started = self._attempted_at.pop(message_id, None)
        if started is not None:  # let a request Twilio is still working on finish before asking
            time.sleep(max(0.0, started + self.settings["lookup_delay_seconds"] - time.monotonic()))
        if stored.provider_reference:
            try:
                found = self.client.messages(stored.provider_reference).fetch()
            except TwilioRestException as exc:
                if exc.status == 404:
                    return None  # we stored a SID Twilio does not know: a person must look at it
                raise
            return SendResult(provider_reference=valid_sid(found.sid))
        since = stored.created_at.replace(tzinfo=stored.created_at.tzinfo or timezone.utc) - LOOKUP_SKEW
        sender = {"from_": self.settings["from_number"]} if self.settings.get("from_number") else {}
        candidates = [m for m in self.client.messages.list(to=stored.recipient, limit=LOOKUP_LIMIT, **sender)
                      if m.body == stored.body and m.date_created and m.date_created >= since
                      and not MESSAGE_ANSWER.validate({"sid": m.sid}) and m.status not in ("failed", "canceled")]
        taken = references_in_use(self.mad, [m.sid for m in candidates])
        unmatched = sorted((m for m in candidates if m.sid not in taken), key=lambda m: m.date_created)
        if unmatched:
            log.info("ambiguous send found at Twilio", extra={"message_id": message_id})
            return SendResult(provider_reference=unmatched[0].sid)
        return False
