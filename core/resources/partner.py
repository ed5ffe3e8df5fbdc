"""Referral to the force's commissioned victims' service, and the service's answers.

An officer refers a victim who consented to a referral (not just signposting), with the needs
from the assessment; the referral waits in the partner's queue. The partner records accepted,
contacted or declined; each answer is kept (who, when). Every function takes a session and
leaves committing to its caller.
"""

import uuid

from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import select

from core.directory.needs import NEEDS_BY_CODE
from core.models.partner import PartnerReferral, PartnerReferralChange


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


def load_referral(values):
    """Validate an officer's referral; the victim must have agreed to a referral (not only signposting).

    Raises ``ValidationError`` saying per field what to put right. Returns the clean dict.
    """
    data = PartnerReferralSchema().load(values, unknown="exclude")
    if not data["consent"]:
        raise ValidationError({"consent": ["Only refer a victim who agreed to be referred: otherwise signpost "
                                           "them to the service from Find support"]})
    return data


def refer(session, data, who, who_id=None):
    """Store the referral in the partner's queue; the same idempotency key stores it once. Returns it."""
    found = session.scalar(select(PartnerReferral).where(PartnerReferral.idempotency_key == data["idempotency_key"]))
    if found is not None:
        return found
    referral = PartnerReferral(id=str(uuid.uuid4()), idempotency_key=data["idempotency_key"],
                               crime_reference=data["crime_reference"].strip(), victim_name=data["victim_name"],
                               contact=data["contact"], needs=list(data["needs"]), consent=True,
                               status=Statuses.REFERRED, made_by=who, made_by_id=who_id)
    session.add(referral)
    return referral


def record_status(session, referral, status, who, who_id=None):
    """Record the partner's answer (accepted, contacted or declined); raises ``ValueError`` for any other."""
    if status not in Statuses.ANSWERS:
        raise ValueError("Choose accepted, victim contacted or declined")
    referral.status = status
    referral.changes.append(PartnerReferralChange(status=status, changed_by=who, changed_by_id=who_id))


def queue(session):
    """Every referral to the service, those still waiting first, then newest first."""
    referrals = session.scalars(select(PartnerReferral).order_by(PartnerReferral.made_at.desc())).all()
    return sorted(referrals, key=lambda r: r.status != Statuses.REFERRED)


def for_crime(session, crime_reference):
    """The referrals made for one crime (the officer's view of what the service answered)."""
    return session.scalars(select(PartnerReferral).where(PartnerReferral.crime_reference == crime_reference)
                           .order_by(PartnerReferral.made_at)).all()
