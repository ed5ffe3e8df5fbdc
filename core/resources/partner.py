"""Referral to the force's commissioned victims' service, and the service's answers.

An officer refers a victim who consented to a referral (not just signposting), with the needs
from the assessment; the referral waits in the partner's queue and, when the service has a
referrals address (``[partner] email``), an email through the message outbox tells the service
(so it is retried, never lost) with the needs only: no name, contact or crime reference, which
the service reads in the toolkit. The referral and each answer (accepted, contacted, declined:
who, when) are written in the crime's chronology. Every function takes a session and leaves
committing to its caller; :func:`after_commit` wakes the dispatcher.
"""

import logging
import uuid

from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import select, update

from core.db import utcnow
from core.constants import ChannelKinds, EntryTypes
from core.directory.needs import NEEDS_BY_CODE
from core.events import MessageQueued
from core.messaging.recipients import mask
from core.messaging.rendering import email_html
from core.models.messages import Message
from core.models.victims import Victim
from core.models.partner import PartnerReferral, PartnerReferralChange
from core.models.records import RecordsEntry, RecordsWrite

log = logging.getLogger(__name__)
#: The ``template_id`` of the email telling the service of a new referral.
NOTICE_TEMPLATE_ID = "partner_referral"


class Statuses:
    REFERRED = "referred"
    ACCEPTED = "accepted"
    CONTACTED = "contacted"
    DECLINED = "declined"
    #: What the partner may record, and how each reads.
    ANSWERS = {ACCEPTED: "Accepted", CONTACTED: "Victim contacted", DECLINED: "Declined"}
    LABELS = {REFERRED: "Waiting for the service", **ANSWERS}


class PartnerReferralSchema(Schema):
    """An officer's referral to the commissioned service."""

    crime_reference = fields.String(required=True, validate=validate.Length(min=1, max=40),
                                    error_messages={"required": "Enter the crime reference"})
    victim_name = fields.String(required=True, validate=validate.Length(
        min=1, max=200, error="Enter the victim's name"), error_messages={"required": "Enter the victim's name"})
    contact = fields.String(required=True, validate=validate.Length(
        min=1, max=254, error="Enter how the service can reach the victim (phone or email)"),
        error_messages={"required": "Enter how the service can reach the victim (phone or email)"})
    needs = fields.List(fields.String(validate=validate.OneOf(
        sorted(NEEDS_BY_CODE), error="Choose needs from the list")), load_default=list)
    consent = fields.Boolean(required=True, truthy={"yes", "true", True}, falsy={"no", "false", False},
                             error_messages={"required": "Say whether the victim agreed to be referred",
                                             "invalid": "Say whether the victim agreed to be referred"})
    idempotency_key = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_\-]{8,64}$"))
    #: The care-log victim (when the officer came from the victim's page): Right 4 counts the referral for them.
    victim_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=36))


def load_referral(values):
    """Validate an officer's referral; the victim must have agreed to a referral (not only signposting).

    Raises ``ValidationError`` saying per field what to put right. Returns the clean dict.
    """
    data = PartnerReferralSchema().load(values, unknown="exclude")
    if not data["consent"]:
        raise ValidationError({"consent": ["Only refer a victim who agreed to be referred: otherwise signpost "
                                           "them to the service from Find support"]})
    return data


def _chronology(mad, session, crime_reference, text, author, message_id=None):
    entry = RecordsEntry(id=str(uuid.uuid4()), crime_reference=crime_reference, entry_type=EntryTypes.REFERRAL_MADE,
                         text=text, author=author, message_id=message_id)
    session.add(entry)
    session.flush()
    session.add_all(RecordsWrite(entry_id=entry.id, writer=name) for name in mad.writers)


def need_labels(codes):
    """The needs' names in words, in the order given."""
    return [NEEDS_BY_CODE[code].label for code in codes if code in NEEDS_BY_CODE]


def notice_text(mad, needs, link):
    """The service's email about a new referral: ``(subject, body)``. Needs and a link only, nothing more."""
    force, service = mad.config.force["name"], mad.config.partner["name"]
    listed = "\n".join(f"- {label}" for label in need_labels(needs)) or "- None recorded: ask the victim"
    body = (f"{force} has referred a victim to {service}, with the victim's agreement.\n\n"
            f"What they need help with (from the Victim Needs Assessment):\n{listed}\n\n"
            f"Sign in to the MaD Toolkit to see who they are and how to reach them, and record when you "
            f"accept the referral and contact them:\n{link}\n\n"
            f"For the victim's privacy this email carries no name, contact details or crime reference.")
    return f"New referral from {force}", body


def _notice(mad, referral, link):
    """The outbox email telling the service of ``referral`` (None when the service has no referrals address)."""
    address = mad.config.partner.get("email")
    if not address or ChannelKinds.EMAIL not in mad.channels:
        return None
    subject, body = notice_text(mad, referral.needs, link)
    message_id = str(uuid.uuid4())
    return Message(id=message_id, idempotency_key=f"partner-referral-{referral.id}",
                   crime_reference=referral.crime_reference, template_id=NOTICE_TEMPLATE_ID, kind=ChannelKinds.EMAIL,
                   channel=mad.channels[ChannelKinds.EMAIL].name, locale="en", recipient=address,
                   recipient_masked=mask(ChannelKinds.EMAIL, address), subject=subject, body=body,
                   body_html=email_html(subject, body, "en"), english_body=body, fields={},
                   created_by_id=referral.made_by_id)


def refer(mad, session, data, who, who_id=None, link=""):
    """Store the referral in the partner's queue, its chronology entry and the service's email, together.

    Called by the officer's "Refer to the service" form. ``link`` is the referral's address in the
    toolkit (put in the email). The same idempotency key stores it once. Returns ``(referral,
    notice)``: ``notice`` is the outbox message to the service or None; pass it to
    :func:`after_commit` once the session is committed.
    """
    found = session.scalar(select(PartnerReferral).where(PartnerReferral.idempotency_key == data["idempotency_key"]))
    if found is not None:
        return found, None
    referral = PartnerReferral(id=str(uuid.uuid4()), idempotency_key=data["idempotency_key"],
                               crime_reference=data["crime_reference"].strip(), victim_name=data["victim_name"],
                               contact=data["contact"], needs=list(data["needs"]), consent=True,
                               status=Statuses.REFERRED, made_by=who, made_by_id=who_id,
                               victim_id=data.get("victim_id") or None)
    session.add(referral)
    touch_victim(session, referral.victim_id)
    session.flush()
    notice = _notice(mad, referral, link)
    service = mad.config.partner["name"]
    needs = ", ".join(need_labels(referral.needs)) or "none recorded"
    told = (f" The service was emailed ({notice.recipient_masked}) without the victim's details."
            if notice is not None else " It waits in the service's queue in the toolkit.")
    if notice is not None:
        session.add(notice)
        session.flush()
    _chronology(mad, session, referral.crime_reference,
                f"Referred to {service} with the victim's agreement. Needs: {needs}.{told}", who,
                notice.id if notice is not None else None)
    return referral, notice


def after_commit(mad, notice):
    """Announce the stored email to the service and wake the dispatcher (after the commit)."""
    if notice is None:
        return
    log.info("partner referral notice queued", extra={"message_id": notice.id})
    mad.track_event(MessageQueued(message_id=notice.id, crime_reference=notice.crime_reference))
    mad.wake_dispatcher(notice.id)


def touch_victim(session, victim_id):
    """Mark the referred victim changed, so the figures' rollups work Right 4 out again (core.compliance.refresh)."""
    if victim_id:
        session.execute(update(Victim).where(Victim.id == victim_id).values(updated_at=utcnow()))


def record_status(mad, session, referral, status, who, who_id=None):
    """Record the partner's answer (accepted, contacted or declined) and write it in the crime's chronology.

    Raises ``ValueError`` for any other answer.
    """
    if status not in Statuses.ANSWERS:
        raise ValueError("Choose accepted, victim contacted or declined")
    referral.status = status
    referral.changes.append(PartnerReferralChange(status=status, changed_by=who, changed_by_id=who_id))
    touch_victim(session, referral.victim_id)
    service = mad.config.partner["name"]
    _chronology(mad, session, referral.crime_reference,
                f"{service} answered the referral: {Statuses.ANSWERS[status]} (recorded by {who}).", who)


def queue(session):
    """Every referral to the service, those still waiting first, then newest first."""
    referrals = session.scalars(select(PartnerReferral).order_by(PartnerReferral.made_at.desc())).all()
    return sorted(referrals, key=lambda r: r.status != Statuses.REFERRED)


def for_crime(session, crime_reference):
    """The referrals made for one crime (the officer's view of what the service answered)."""
    return session.scalars(select(PartnerReferral).where(PartnerReferral.crime_reference == crime_reference)
                           .order_by(PartnerReferral.made_at)).all()
