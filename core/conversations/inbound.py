"""Receiving what a victim sends: store it once, match it, act on it.

Channels call :func:`receive` (re-exported from :mod:`core.toolkit`) for each inbound message: a
signed webhook (Twilio) as it arrives, a mailbox (IMAP) on the ``fetch_inbound`` schedule, the
sandbox when a person types a victim's reply. A provider may deliver the same message twice; the
provider's message id makes the second delivery change nothing.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.constants import ChannelKinds
from core.conversations import keywords, notify, optouts, satisfaction
from core.conversations.language import reply_language
from core.conversations.matching import match
from core.conversations.settings import conversation_settings
from core.db import utcnow
from core.events import ReplyReceived
from core.messaging.recipients import mask, normalise_email, normalise_mobile
from core.models.conversations import InboundReply

log = logging.getLogger(__name__)

#: Longest reply kept (a long email is cut here, with a note); a multi-part text is far shorter.
MAX_BODY = 20000


@dataclass(frozen=True)
class InboundMessage:
    """What a channel received from a victim.

    ``channel`` is the receiving channel's name, ``provider_message_id`` the provider's own id for
    the message (Twilio's MessageSid, an email's Message-ID): the key that stores it once.
    ``body`` is the whole text (a text sent in several parts arrives joined by the provider).
    """

    channel: str
    kind: str
    provider_message_id: str
    sender: str
    body: str
    received_at: datetime | None = None


class InboundSchema(Schema):
    channel = fields.String(required=True, validate=validate.Length(min=1, max=64))
    kind = fields.String(required=True, validate=validate.OneOf(ChannelKinds.ALL))
    provider_message_id = fields.String(required=True, validate=validate.Length(min=1, max=255))
    sender = fields.String(required=True, validate=validate.Length(min=1, max=254))
    body = fields.String(required=True)


class InboundInvalid(Exception):
    """The channel handed in something that cannot be stored; ``errors`` says what, by field."""

    def __init__(self, errors):
        super().__init__("invalid inbound message")
        self.errors = errors


def _sender(kind, sender):
    """The sender normalised as messages' recipients are, so the reply can be matched."""
    try:
        return normalise_mobile(sender) if kind == ChannelKinds.SMS else normalise_email(sender).lower()
    except ValidationError:
        return sender.strip()  # an unusual sender is kept as it came: it will simply not match


def _clean(body):
    body = (body or "").replace("\x00", "")
    return body if len(body) <= MAX_BODY else body[:MAX_BODY] + "\n[cut: the reply was longer]"


def _existing(session, inbound):
    return session.scalar(select(InboundReply.id).where(InboundReply.channel == inbound.channel,
                                                        InboundReply.provider_message_id == inbound.provider_message_id))


def receive(mad, inbound):
    """Store ``inbound`` (an :class:`InboundMessage`) once and act on it; return ``(reply_id, created)``.

    Called by channel plugins. The reply is matched to the latest message to its sender and that
    message's crime; a STOP/START word changes the opt-out (with a chronology entry); HELP is
    answered with the force's help text; a 1–5 after a satisfaction check is its score. After the
    reply is stored, the officer in charge is emailed (without the reply's words) and the
    ``reply_received`` event fires. A second call with the same channel and provider message id
    returns the first reply and does nothing else. Raises :class:`InboundInvalid`.
    """
    try:
        InboundSchema().load({k: getattr(inbound, k) for k in InboundSchema().fields})
    except ValidationError as exc:
        raise InboundInvalid(exc.messages) from None
    settings = conversation_settings(mad.config)
    sender, body = _sender(inbound.kind, inbound.sender), _clean(inbound.body)
    masked = mask(inbound.kind, sender)
    word = keywords.keyword(settings, body)
    reply_id = str(uuid.uuid4())
    follow_up_for = None
    try:
        with mad.session() as session:
            if (found := _existing(session, inbound)) is not None:
                return found, False
            found_match = match(session, inbound.kind, sender)
            message = found_match.message
            references = [r for r in (found_match.crime_reference, *found_match.other_references) if r]
            reply = InboundReply(
                id=reply_id, channel=inbound.channel, kind=inbound.kind,
                provider_message_id=inbound.provider_message_id, sender=sender, body=body, sender_masked=masked,
                keyword=word, message_id=message.id if message else None,
                crime_reference=found_match.crime_reference, other_references=list(found_match.other_references) or None,
                language=reply_language(body, message.locale if message else None),
                officer_id=message.created_by_id if message else None, received_at=inbound.received_at or utcnow(),
            )
            session.add(reply)
            session.flush()
            if word in (keywords.STOP, keywords.START):
                optouts.set_opt_out(session, mad, inbound.kind, sender, masked, word == keywords.STOP,
                                    body.strip()[:40], reply_id, references)
            elif word is None and message is not None:
                check, asked = satisfaction.check_for(session, message.id)
                if asked == "score" and check.score is None and (score := satisfaction.score_of(body)) is not None:
                    check.score, check.answered_at, reply.keyword = score, utcnow(), "score"
                    follow_up_for = check.id
                elif asked == "follow_up" and check.follow_up_answer is None:
                    check.follow_up_answer, reply.keyword = body, "follow_up"
    except IntegrityError:
        with mad.session() as session:
            found = _existing(session, inbound)
        if found is None:
            raise
        return found, False
    log.info("reply received", extra={"reply_id": reply_id, "matched": message is not None, "keyword": word})
    if word == keywords.HELP and message is not None:
        answer_help(mad, message)
    if follow_up_for is not None:
        satisfaction.send_follow_up(mad, follow_up_for)
    if word is None and reply.keyword is None:
        notify.notify(mad, reply_id)
    mad.track_event(ReplyReceived(crime_reference=reply.crime_reference, extra={"reply_id": reply_id}))
    return reply_id, True


HELP_TEMPLATE = "help_answer"


def answer_help(mad, message):
    """Send the force's HELP text in the victim's language to the sender of a reply to ``message``.

    Called by :func:`receive` for a HELP reply. Returns the answer's message id, or None when it
    cannot be sent (the victim opted out, or the crime reference is no longer accepted).
    """
    import dataclasses

    from core.messaging.service import SendInvalid, prepare, queue

    settings = conversation_settings(mad.config)
    request = {"crime_reference": message.crime_reference, "kind": message.kind, "recipient": message.recipient,
               "locale": message.locale, "template_id": HELP_TEMPLATE}
    try:
        prepared = prepare(mad, request, toolkit=True)
    except SendInvalid:
        return None
    values = {"force_name": mad.config.force["name"], "force_phone": mad.config.force.get("phone", "101")}
    locale = message.locale if message.locale in settings["help_text"] else "en"
    text, english = settings["help_text"][locale].format(**values), settings["help_text"]["en"].format(**values)
    rendered = dataclasses.replace(prepared.rendered, body=text, english_body=english, locale=locale)
    sent, _ = queue(mad, dataclasses.replace(prepared, rendered=rendered), None)
    return sent.id
