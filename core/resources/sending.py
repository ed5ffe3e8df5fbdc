"""Send a resource to a victim in one press, through the same outbox and records entry as any update.

The officer gives the crime reference, text or email, the victim's number or address and their
language; the resource's wording in that language is sent (English when it has none, and the
officer is told). The request is checked by :func:`core.messaging.service.prepare`, like every
update (so a victim who texted STOP is never sent a resource by text). The message and its records entry are stored by
:func:`core.messaging.service.queue` in one transaction; the send is then linked to the resource
(usage figures) and the ``resource_sent`` event fires for plugins. Once the channel accepted it,
the care log's evidence (:mod:`core.victims.evidence`) marks a victim-of-crime leaflet given.
"""

from marshmallow import Schema

from core.constants import ChannelKinds
from core.events import ResourceSent
from core.i18n import SOURCE_LOCALE, text_direction
from core.messaging.delivery import Attachment
from core.messaging.rendering import Rendered, email_html
from core.messaging.service import Content, prepare, queue
from core.messaging.templates import MessageTemplate
from core.models.resources import Resource, ResourceSend

#: The ``template_id`` of every resource's message in the outbox (the resource is in ``resource_sends``).
TEMPLATE_ID = "resource"


def _sms(text, links):
    return text["summary"] + (f"\n{links[0]}" if links else "")


def _email(text, links):
    return text["body"] + ("\n\n" + "\n".join(links) if links else "")


def render_resource(resource, kind, locale):
    """The resource as a :class:`core.messaging.rendering.Rendered` in ``locale`` (English if not written in it)."""
    used = locale if locale in resource.texts else SOURCE_LOCALE
    text, english = resource.texts[used], resource.texts[SOURCE_LOCALE]
    if kind == ChannelKinds.SMS:
        return Rendered(kind=kind, locale=used, requested_locale=locale, direction=text_direction(used),
                        body=_sms(text, resource.links), english_body=_sms(english, resource.links))
    body = _email(text, resource.links)
    return Rendered(kind=kind, locale=used, requested_locale=locale, direction=text_direction(used), body=body,
                    english_body=_email(english, resource.links), subject=resource.title,
                    english_subject=resource.title, body_html=email_html(resource.title, body, used))


def resource_content(resource):
    """The resource as :class:`core.messaging.service.Content` (what :func:`prepare` sends)."""
    template = MessageTemplate(id=TEMPLATE_ID, title=f"Resource: {resource.title}", description="", fields=Schema,
                               sms=resource.title, email_subject=resource.title, email_body=resource.title)
    files = tuple(Attachment(a.filename, a.content_type, a.data) for a in resource.attachments)
    return Content(template, lambda kind, locale: render_resource(resource, kind, locale),
                   attachments=lambda kind: files if kind == ChannelKinds.EMAIL else (),
                   raw_fields={"resource_id": resource.id})


def prepare_resource(mad, resource, payload):
    """Validate an officer's send of ``resource`` and render it; returns a :class:`Prepared`.

    ``payload`` has ``crime_reference``, ``kind``, ``recipient``, ``locale`` and optionally
    ``idempotency_key``. The checks are :func:`core.messaging.service.prepare`'s (one rule for
    every send: reference, language, recipient and the victim's STOP); raises
    :class:`core.messaging.service.SendInvalid` with every problem, keyed by field.
    """
    return prepare(mad, payload, content=resource_content(resource))


def send_resource(mad, resource_id, payload, user):
    """Validate, store and queue the resource for the victim; returns ``(message, created)``.

    Called by the "Send" button on a resource. Pressing it twice (same idempotency key) sends once.
    Raises ``LookupError`` for an unknown or withdrawn resource, ``SendInvalid`` for bad input.
    """
    with mad.session() as session:
        resource = session.get(Resource, resource_id)
        if resource is None or resource.status != "active":
            raise LookupError(resource_id)
        prepared = prepare_resource(mad, resource, payload)
        kind = resource.kind
    message, created = queue(mad, prepared, user)
    with mad.session() as session:
        if session.query(ResourceSend).filter_by(message_id=message.id).first() is None:
            session.add(ResourceSend(message_id=message.id, resource_id=resource_id, locale=message.locale))
    if created:
        mad.track_event(ResourceSent(message_id=message.id, crime_reference=message.crime_reference,
                                     extra={"resource_id": resource_id, "kind": kind}))
    return message, created
