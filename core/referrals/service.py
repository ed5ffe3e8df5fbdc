"""Making a referral: validate, find its recipients, store it with its notifications, fire the event.

The referral pages (and the CLI/API later) call :func:`prepare` then :func:`make`. ``make``
stores the referral, one outbox message per recipient (the email channel carries any PDF) and
one chronology entry per message, in ONE transaction: a crash leaves all or nothing, and a second
press of Send (same idempotency key) returns the first referral and stores nothing. Delivery,
retries and the "NOT DELIVERED" note in the chronology are the message outbox's; a referral's
status is read from its messages (:mod:`core.referrals.statuses`).
"""

import logging
import uuid
from dataclasses import dataclass

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.constants import ChannelKinds, EntryTypes
from core.events import MessageQueued, ReferralMade
from core.messaging.recipients import mask
from core.messaging.rendering import render
from core.models.messages import Message, MessageAttachment
from core.models.records import RecordsEntry, RecordsWrite
from core.models.referrals import Referral, ReferralNotification
from core.referrals.types import ReferralInvalid

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreparedReferral:
    """A validated referral and its recipients, ready to store."""

    referral_type: object
    data: dict
    crime_reference: str
    recipients: tuple
    due_at: object
    incident_at: object


def referral_type(mad, name):
    """The registered referral type called ``name``; raise LookupError when there is none."""
    found = mad.referral_types.get(name)
    if found is None:
        raise LookupError(name)
    return found


def flatten_errors(messages, prefix=""):
    """Turn marshmallow's nested errors into flat form names: ``children-0-name``."""
    flat = {}
    for key, value in messages.items():
        name = f"{prefix}-{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(flatten_errors(value, name))
        else:
            flat[name] = list(value) if isinstance(value, (list, tuple)) else [str(value)]
    return flat


def prepare(mad, type_name, payload):
    """Validate ``payload`` for referral type ``type_name`` and find who receives it.

    Called by the referral form on Send. Returns a :class:`PreparedReferral`; raises
    :class:`ReferralInvalid` with every problem, keyed by flat form name.
    """
    kind = referral_type(mad, type_name)
    errors = {}
    try:
        data = kind.schema(mad).load(payload, unknown="exclude")
    except ValidationError as exc:
        errors = flatten_errors(exc.messages)
        for key, messages in kind.recipient_problems(mad, payload).items():
            errors.setdefault(key, messages)
        raise ReferralInvalid(errors) from None
    check = mad.pm.hook.check_crime_reference(reference=(data.get("crime_reference") or "").strip(), mad=mad)
    if not check.ok:
        errors["crime_reference"] = [check.problem]
    recipients = ()
    try:
        recipients = tuple(kind.recipients(mad, data))
    except ReferralInvalid as exc:
        errors.update(exc.errors)
    if not recipients and not errors:
        errors["recipients"] = ["Nobody would receive this referral: check who it is for"]
    if ChannelKinds.EMAIL not in mad.channels:
        errors["recipients"] = ["No email channel is enabled for this force, so the referral cannot be sent"]
    if errors:
        raise ReferralInvalid(errors)
    reference = check.normalised or data["crime_reference"].strip()
    data["crime_reference"] = reference
    return PreparedReferral(kind, data, reference, recipients, kind.due_at(mad, data), kind.incident_at(mad, data))


def _existing(session, key):
    return session.scalar(select(Referral).where(Referral.idempotency_key == key))


def _notification_rows(mad, prepared, recipient, referral_id, author, user):
    """The message, notification and records entry for one recipient (not yet added to a session)."""
    context = {"due_at": prepared.due_at, "crime_reference": prepared.crime_reference, "officer": author}
    notification = prepared.referral_type.notification(mad, prepared.data, recipient, context)
    template = mad.templates[notification.template_id]
    rendered = render(template, ChannelKinds.EMAIL, "en", notification.fields,
                      mad.template_context(prepared.crime_reference), mad.template_catalogue)
    message_id = str(uuid.uuid4())
    message = Message(
        id=message_id, idempotency_key=f"referral-{message_id}", crime_reference=prepared.crime_reference,
        template_id=template.id, kind=ChannelKinds.EMAIL, channel=mad.channels[ChannelKinds.EMAIL].name,
        locale=rendered.locale, recipient=recipient.email, recipient_masked=mask(ChannelKinds.EMAIL, recipient.email),
        subject=rendered.subject, body=rendered.body, body_html=rendered.body_html, english_body=rendered.english_body,
        fields={}, created_by_id=getattr(user, "id", None),
        attachments=[MessageAttachment(filename=a.filename, content_type=a.content_type, data=a.data)
                     for a in notification.attachments],
    )
    link = ReferralNotification(referral_id=referral_id, recipient_key=recipient.key, recipient_name=recipient.name,
                                recipient_kind=recipient.kind, message_id=message_id)
    entry = RecordsEntry(id=str(uuid.uuid4()), crime_reference=prepared.crime_reference,
                         entry_type=EntryTypes.REFERRAL_MADE, text=notification.records_text, author=author,
                         message_id=message_id)
    return message, link, entry


def make(mad, prepared, user, idempotency_key=None):
    """Store the referral, its notifications' messages and records entries in one transaction.

    Called after the officer presses Send. Fires ``referral_made`` after the commit and wakes the
    dispatcher. Returns ``(referral_id, created)``; a repeated idempotency key returns the first
    referral's id and ``created`` False.
    """
    key = idempotency_key or uuid.uuid4().hex
    author = getattr(user, "display_name", "system")
    referral = Referral(
        id=str(uuid.uuid4()), idempotency_key=key, type_name=prepared.referral_type.name,
        crime_reference=prepared.crime_reference, district=prepared.referral_type.district(prepared.data),
        summary=prepared.referral_type.summary(prepared.data, prepared.recipients),
        data=_jsonable(prepared.data), incident_at=prepared.incident_at, due_at=prepared.due_at,
        created_by_id=getattr(user, "id", None), created_by_name=author,
    )
    rows = [_notification_rows(mad, prepared, r, referral.id, author, user) for r in prepared.recipients]
    try:
        with mad.session() as session:
            if (found := _existing(session, key)) is not None:
                return found.id, False
            session.add(referral)
            session.flush()
            for message, _link, _entry in rows:
                session.add(message)
            session.flush()
            for _message, link, entry in rows:
                session.add(link)
                session.add(entry)
            session.flush()
            session.add_all(RecordsWrite(entry_id=entry.id, writer=name) for *_, entry in rows for name in mad.writers)
    except IntegrityError:
        with mad.session() as session:
            found = _existing(session, key)
        if found is None:
            raise
        return found.id, False
    log.info("referral made", extra={"referral_id": referral.id, "notifications": len(rows)})
    mad.track_event(ReferralMade(referral_id=referral.id, crime_reference=referral.crime_reference))
    for message, _link, _entry in rows:
        mad.track_event(MessageQueued(message_id=message.id, crime_reference=message.crime_reference))
        mad.wake_dispatcher(message.id)
    return referral.id, True


def _jsonable(value):
    """Dates and times as ISO strings, so the payload can be stored as JSON and shown again."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def get(mad, referral_id):
    """The stored referral with its notifications and their messages, detached; or None."""
    with mad.session() as session:
        referral = session.get(Referral, referral_id)
        if referral is not None:
            for notification in referral.notifications:
                notification.message.attachments  # noqa: B018 - load before the session closes
            session.expunge_all()
        return referral


def on_crime(mad, crime_reference, type_name=None):
    """The referrals made on a crime, newest first (with notifications and messages), detached."""
    with mad.session() as session:
        query = select(Referral).where(Referral.crime_reference == crime_reference)
        if type_name:
            query = query.where(Referral.type_name == type_name)
        found = session.scalars(query.order_by(Referral.created_at.desc())).all()
        session.expunge_all()
        return found


def recorded_victims(mad, crime_reference):
    """The victims recorded on a crime, for prefilling referral forms.

    The seam for the victim care log (``core/victims/``): until it records victims on a crime,
    there are none, and forms are prefilled from earlier referrals only.
    """
    return ()


def prefill(mad, type_name, crime_reference, user):
    """The payload a new referral form starts from: the crime, its victims, earlier referrals."""
    kind = referral_type(mad, type_name)
    earlier = [r.data for r in on_crime(mad, crime_reference, type_name) if r.data]
    return kind.prefill(mad, crime_reference, earlier, recorded_victims(mad, crime_reference), user)
