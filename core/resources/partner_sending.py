"""The commissioned service sends a referred victim an update in its own name and wording.

Only a template a VSC approved can be sent, only to a victim referred to the service, and only
about that referral's crime. The request goes through :func:`core.messaging.service.prepare` like
every update (recipient, STOP, crime reference) and is stored by
:func:`core.messaging.service.queue` with its records entry, which says "sent by <service>"; the
message goes out under the service's sender name. The send is linked to the referral in
``partner_sends``.
"""

from marshmallow import Schema

from core.constants import ChannelKinds
from core.i18n import SOURCE_LOCALE, text_direction
from core.messaging.rendering import Rendered, email_html
from core.messaging.service import Content, SendInvalid, prepare, queue
from core.messaging.templates import MessageTemplate
from core.models.partner import PartnerReferral, PartnerSend, PartnerTemplate
from core.resources.partner_templates import States

#: The ``template_id`` of the service's messages in the outbox (the template is in ``partner_sends``).
TEMPLATE_ID = "partner"


def service_names(mad):
    """``(name, sender_name)`` of the force's commissioned service (``[partner]`` settings)."""
    settings = mad.config.partner
    return settings["name"], settings.get("sender_name") or settings["name"]


def render_partner(template, kind, sender_name):
    """The service's wording as a :class:`Rendered` (English, as the service wrote it).

    A text starts with the sender name, since it comes from the force's number; an email goes
    under the sender name (``Message.sender_name``).
    """
    if kind == ChannelKinds.SMS:
        body = f"{sender_name}: {template.sms}"
        return Rendered(kind=kind, locale=SOURCE_LOCALE, requested_locale=SOURCE_LOCALE,
                        direction=text_direction(SOURCE_LOCALE), body=body, english_body=body)
    return Rendered(kind=kind, locale=SOURCE_LOCALE, requested_locale=SOURCE_LOCALE,
                    direction=text_direction(SOURCE_LOCALE), body=template.email_body,
                    english_body=template.email_body, subject=template.email_subject,
                    english_subject=template.email_subject,
                    body_html=email_html(template.email_subject, template.email_body, SOURCE_LOCALE))


def partner_content(mad, template):
    """The approved template as :class:`core.messaging.service.Content` in the service's name."""
    name, sender = service_names(mad)
    message_template = MessageTemplate(id=TEMPLATE_ID, title=template.title, description="", fields=Schema,
                                       sms=template.sms, email_subject=template.email_subject,
                                       email_body=template.email_body)
    return Content(message_template, lambda kind, _locale: render_partner(template, kind, sender),
                   raw_fields={"partner_template_id": template.id}, sender_name=sender, sent_by=name)


def send_as_partner(mad, referral_id, payload, user):
    """Validate and queue the service's message to the victim of ``referral_id``; returns ``(message, created)``.

    Called by the partner's "Send an update" form. ``payload`` has ``template_id`` (an approved
    partner template), ``kind``, ``recipient`` and ``idempotency_key``; the crime reference is the
    referral's. Raises ``LookupError`` for an unknown referral, :class:`SendInvalid` for bad input
    (a template not approved is refused with a reason).
    """
    with mad.session() as session:
        referral = session.get(PartnerReferral, referral_id)
        if referral is None:
            raise LookupError(referral_id)
        template = session.get(PartnerTemplate, payload.get("template_id") or "")
        if template is None or template.status != States.APPROVED:
            raise SendInvalid({"template_id": ["Choose one of your approved messages: a VSC approves each "
                                               "message before the service can send it"]})
        request = {"crime_reference": referral.crime_reference, "kind": payload.get("kind"),
                   "recipient": payload.get("recipient"), "locale": SOURCE_LOCALE,
                   "idempotency_key": payload.get("idempotency_key")}
        prepared = prepare(mad, request, content=partner_content(mad, template))
        template_id = template.id
    message, created = queue(mad, prepared, user)
    with mad.session() as session:
        if session.query(PartnerSend).filter_by(message_id=message.id).first() is None:
            session.add(PartnerSend(message_id=message.id, referral_id=referral_id, template_id=template_id))
    return message, created


def sends_for(session, referral_id):
    """The service's messages on one referral, oldest first: ``[(PartnerSend, Message)]``."""
    from core.models.messages import Message

    rows = session.query(PartnerSend, Message).join(Message, Message.id == PartnerSend.message_id) \
        .filter(PartnerSend.referral_id == referral_id).order_by(PartnerSend.sent_at).all()
    return rows
