"""Sending a victim an update: validate, render the preview, store message and records entry.

The web form, the CLI and (later) the API all call :func:`prepare` then :func:`queue`; nothing is
sent that is not first stored, and the message and its records entry are stored in one
transaction, so a crash leaves both or neither.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from marshmallow import Schema, ValidationError, validate
from marshmallow import fields as ma
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.constants import ChannelKinds, EntryTypes
from core.conversations.optouts import opt_out_problem
from core.events import MessageQueued
from core.messaging.recipients import mask, normalise_recipient
from core.messaging.rendering import render
from core.models.messages import Message, MessageAttachment
from core.models.records import RecordsEntry, RecordsWrite
from core.validation import plain_errors

log = logging.getLogger(__name__)


class SendRequestSchema(Schema):
    crime_reference = ma.String(required=True, validate=validate.Length(max=40))
    kind = ma.String(required=True, validate=validate.OneOf(ChannelKinds.ALL, error="Choose text message or email"))
    recipient = ma.String(required=True, validate=validate.Length(max=254))
    locale = ma.String(required=True)
    template_id = ma.String(required=True)
    fields = ma.Dict(keys=ma.String(), load_default=dict)
    idempotency_key = ma.String(load_default=None, validate=validate.Regexp(r"^[A-Za-z0-9_\-]{8,64}$"))
    #: ``provider/id`` of the directory service a signposting message names (its details come from there).
    directory_service = ma.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


#: The send form's own fields, as the form labels them (for messages that name the field).
SEND_LABELS = {"crime_reference": "Crime reference", "kind": "Send by", "recipient": "Victim's mobile number or email address",
               "locale": "Victim's language", "template_id": "Message", "idempotency_key": "Form"}


class SendInvalid(Exception):
    """The request cannot be sent; ``errors`` maps each field to what is wrong with it."""

    def __init__(self, errors):
        super().__init__("invalid send request")
        self.errors = errors


@dataclass(frozen=True)
class Prepared:
    """A validated request and the message it renders to, ready to preview or queue."""

    template: object
    kind: str
    locale: str
    recipient: str
    crime_reference: str
    field_values: dict
    raw_fields: dict
    rendered: object
    idempotency_key: str | None
    #: :class:`core.toolkit.Attachment` files sent with an email (ignored for texts).
    attachments: tuple = ()
    #: English msgids whose translation in the victim's language is still a draft (not reviewed
    #: by a native speaker): the preview warns the officer and the records entry notes it.
    unreviewed: tuple = ()
    #: What the crime-reference check wants the officer to know though it let the send go (for
    #: example: the records system could not be asked whether the crime exists).
    reference_notice: str | None = None
    #: The directory entry the message's service details came from (signposting), or None.
    directory_service: object = None
    #: The name the message goes out under when not the force's (see :class:`Content`).
    sender_name: str | None = None
    #: Who the chronology says sent it when not the force (see :class:`Content`).
    sent_by: str | None = None


@dataclass(frozen=True)
class Content:
    """Wording that is not a registered template, sent through :func:`prepare` all the same.

    A resource from the library (:mod:`core.resources.sending`) or a partner's approved template
    (:mod:`core.resources.partner_sending`). ``template`` names it (``id``, ``title``,
    ``channels``); ``render(kind, locale)`` returns its :class:`core.messaging.rendering.Rendered`;
    ``attachments(kind)`` the files sent with it; ``raw_fields`` is stored on the message.
    """

    template: object
    render: Callable
    attachments: Callable = lambda kind: ()
    raw_fields: dict = field(default_factory=dict)
    #: The name the message goes out under, when not the force's (the commissioned service's).
    sender_name: str | None = None
    #: Who the chronology says sent it, when not the force ("sent by <service>").
    sent_by: str | None = None


def _check_channel(mad, template, data, errors):
    if data.get("kind") and data["kind"] not in template.channels:
        errors["kind"] = [f"This message can only be sent by {', '.join(template.channels)}"]
    elif data.get("kind") and data["kind"] not in mad.channels:
        errors["kind"] = [f"No {data['kind']} channel is enabled for this force"]


def _check_template(mad, data, errors, toolkit=False):
    template = mad.templates.get(data.get("template_id"))
    if template is None or not (template.offered or toolkit):
        errors["template_id"] = ["Choose a message from the list: that template does not exist"]
        return None
    _check_channel(mad, template, data, errors)
    return template


def prepare(mad, payload, toolkit=False, content=None):
    """Validate a send request and render it in the victim's language.

    Called by the "Update a victim" pages (for the preview and again on Send). ``payload`` is a
    dict of the form's values. ``toolkit=True`` (the satisfaction check, the HELP answer) allows
    templates the toolkit sends itself, which officers are never offered. ``content`` (a
    :class:`Content`: a resource, a partner's template) replaces the registered template, with
    the same checks of reference, language, recipient and opt-out. Returns a :class:`Prepared`;
    raises :class:`SendInvalid` with every problem found, keyed by field (``fields.<name>`` for
    template fields).
    """
    errors = {}
    if content is not None:
        payload = {**payload, "template_id": content.template.id}
    try:
        data = SendRequestSchema().load(payload, unknown="exclude")
    except ValidationError as exc:
        errors.update({k: [v] for k, v in plain_errors(SendRequestSchema(), exc.messages, SEND_LABELS).items()})
        data = {k: v for k, v in payload.items() if k not in exc.messages}
    if content is None:
        template = _check_template(mad, data, errors, toolkit)
    else:
        template = content.template
        _check_channel(mad, template, data, errors)
    check = mad.pm.hook.check_crime_reference(reference=(data.get("crime_reference") or "").strip(), mad=mad)
    if "crime_reference" not in errors and not check.ok:
        errors["crime_reference"] = [check.problem]
    if data.get("locale") and mad.locale(data["locale"]) is None:
        errors["locale"] = ["Choose one of the languages offered"]
    recipient = None
    if data.get("kind") in ChannelKinds.ALL and "recipient" not in errors:
        try:
            recipient = normalise_recipient(data["kind"], data.get("recipient"))
        except ValidationError as exc:
            errors["recipient"] = exc.messages
        else:
            if (opted_out := opt_out_problem(mad, data["kind"], recipient)) is not None:
                errors["recipient"] = [opted_out]  # the victim said STOP: offer another way instead
    field_values = {}
    directory_record = None
    if template is not None and content is None:
        from core.directory.signposting import apply_directory

        data["fields"], directory_record, problem = apply_directory(
            mad, template, data.get("directory_service"), data.get("fields") or {})
        if problem:
            errors["directory_service"] = [problem]
        try:
            field_values = template.fields().load(data.get("fields") or {}, unknown="exclude")
        except ValidationError as exc:
            schema = template.fields()
            for name, message in plain_errors(schema, exc.messages).items():
                if not (problem and schema.fields[name].metadata.get("from_directory")):  # said once, above
                    errors[f"fields.{name}"] = [message]
    if errors:
        raise SendInvalid(errors)
    reference = check.normalised or data["crime_reference"].strip()
    if content is not None:
        return Prepared(template, data["kind"], data["locale"], recipient, reference, {}, dict(content.raw_fields),
                        content.render(data["kind"], data["locale"]), data.get("idempotency_key"),
                        attachments=tuple(content.attachments(data["kind"])), reference_notice=check.notice,
                        sender_name=content.sender_name, sent_by=content.sent_by)
    rendered = render(template, data["kind"], data["locale"], field_values, mad.template_context(reference),
                      mad.template_catalogue)
    return Prepared(template, data["kind"], data["locale"], recipient, reference, field_values,
                    dict(data.get("fields") or {}), rendered, data.get("idempotency_key"),
                    unreviewed=_unreviewed(mad, template, data["kind"], field_values, rendered),
                    reference_notice=check.notice, directory_service=directory_record)


def _unreviewed(mad, template, kind, field_values, rendered):
    """The sentences of this message whose translation is still a draft (none when sent in English)."""
    from core.translations.review import unreviewed, used_msgids

    if rendered.locale == "en":
        return ()
    with mad.session() as session:
        return tuple(unreviewed(mad, session, rendered.locale, used_msgids(template, kind, field_values)))


def records_text(prepared, masked, language_name):
    """The chronology entry for a message: what, to whom (masked), in which language, the full text."""
    rendered = prepared.rendered
    how = "Text message" if prepared.kind == ChannelKinds.SMS else "Email"
    by = f", sent by {prepared.sent_by}" if prepared.sent_by else ""
    lines = [f"{how} to victim ({masked}) in {language_name}{by}: {prepared.template.title}."]
    if prepared.unreviewed:
        lines.append(f"Translation status: draft ({len(prepared.unreviewed)} sentence(s) not yet reviewed by a "
                     f"native speaker).")
    if rendered.subject:
        lines.append(f"Subject: {rendered.subject}")
    if prepared.kind == ChannelKinds.EMAIL and prepared.attachments:
        lines.append("Attached: " + ", ".join(a.filename for a in prepared.attachments))
    lines.append(rendered.body)
    english = None
    if rendered.locale != "en":
        english = "\n".join(filter(None, [rendered.english_subject and f"Subject: {rendered.english_subject}",
                                         rendered.english_body]))
    return "\n".join(lines), english


def _existing(session, key):
    return session.scalar(select(Message).where(Message.idempotency_key == key))


def queue(mad, prepared, user):
    """Store the message and its records entry (one transaction) and wake the dispatcher.

    Called after the officer presses Send. A second call with the same idempotency key returns
    the first message and stores nothing. Returns ``(message, created)``.
    """
    key = prepared.idempotency_key or uuid.uuid4().hex
    rendered = prepared.rendered
    masked = mask(prepared.kind, prepared.recipient)
    language = mad.locale(rendered.locale).english_name if mad.locale(rendered.locale) else rendered.locale
    text, english = records_text(prepared, masked, language)
    channel = mad.channels[prepared.kind]
    message = Message(
        id=str(uuid.uuid4()), idempotency_key=key, crime_reference=prepared.crime_reference,
        template_id=prepared.template.id, kind=prepared.kind, channel=channel.name, locale=rendered.locale,
        recipient=prepared.recipient, recipient_masked=masked, sender_name=prepared.sender_name, subject=rendered.subject, body=rendered.body,
        body_html=rendered.body_html, english_body=rendered.english_body, fields=prepared.raw_fields,
        segments=rendered.sms.segments if rendered.sms else None,
        encoding=rendered.sms.encoding if rendered.sms else None, created_by_id=getattr(user, "id", None),
        attachments=[MessageAttachment(filename=a.filename, content_type=a.content_type, data=a.data)
                     for a in (prepared.attachments if prepared.kind == ChannelKinds.EMAIL else ())],
    )
    entry = RecordsEntry(
        id=str(uuid.uuid4()), crime_reference=prepared.crime_reference, entry_type=EntryTypes.MESSAGE_SENT,
        text=text, english_text=english, author=getattr(user, "display_name", "system"), message_id=message.id,
    )
    try:
        with mad.session() as session:  # a second Send with the same key fails the unique key: caught below
            session.add(message)
            session.flush()
            session.add(entry)
            session.flush()
            session.add_all(RecordsWrite(entry_id=entry.id, writer=name) for name in mad.writers)
    except IntegrityError:
        with mad.session() as session:
            found = _existing(session, key)
        if found is None:
            raise
        return found, False
    log.info("message queued", extra={"message_id": message.id, "entry_id": entry.id})
    mad.track_event(MessageQueued(message_id=message.id, crime_reference=message.crime_reference))
    mad.wake_dispatcher(message.id)
    return message, True
