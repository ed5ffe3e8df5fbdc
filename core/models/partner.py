"""Referrals to the force's commissioned victims' service (the ``partner`` role's queue).

An officer refers a victim who consented to a referral (not just signposting); the partner's
staff see only these referrals and record accepted, contacted or declined. Victims' details are
encrypted at rest.
"""

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from core.crypto import EncryptedJSON, EncryptedText
from core.db import Base, UTCDateTime, utcnow
from core.models.history import ChangeRecord


class PartnerReferral(Base):
    __tablename__ = "partner_referrals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    crime_reference: Mapped[str] = mapped_column(String(40), index=True)
    #: The care-log victim referred (Right 4 counts the referral for them), when the officer came from their page.
    victim_id: Mapped[str | None] = mapped_column(ForeignKey("victims.id", ondelete="SET NULL"), nullable=True,
                                                  index=True)
    victim_name: Mapped[str] = mapped_column(EncryptedText)
    contact: Mapped[str] = mapped_column(EncryptedText)
    needs: Mapped[list] = mapped_column(EncryptedJSON)
    consent: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20), index=True)
    made_by: Mapped[str] = mapped_column(String(254))
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    made_at = mapped_column(UTCDateTime, default=utcnow)
    #: When retention cleared the victim's name (initials kept) and contact (``[retention] message_days``).
    purged_at = mapped_column(UTCDateTime, nullable=True)

    changes = relationship("PartnerReferralChange", order_by="PartnerReferralChange.id", lazy="selectin",
                           cascade="all, delete-orphan")
    #: ``victim.partner_referrals``: the compliance figures' Right 4 counts a referral made in time.
    victim = relationship("Victim", backref=backref("partner_referrals", lazy="selectin", viewonly=True),
                          viewonly=True)


class PartnerReferralChange(Base):
    """One status the partner recorded: who, when, from what to what."""

    __tablename__ = "partner_referral_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("partner_referrals.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    changed_by: Mapped[str] = mapped_column(String(254))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    changed_at = mapped_column(UTCDateTime, default=utcnow)


class PartnerTemplate(Base):
    """The service's own wording for a text and/or an email; usable only once a VSC approved it.

    ``status``: ``draft`` (new, or edited since approval), ``approved`` or ``withdrawn``.
    """

    __tablename__ = "partner_templates"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    sms: Mapped[str | None] = mapped_column(Text, nullable=True)
    email_subject: Mapped[str | None] = mapped_column(String(200), nullable=True)
    email_body: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PartnerTemplateChange(ChangeRecord, Base):
    """One change of a partner template (drafted, edited, approved, withdrawn): who, what, when."""

    __tablename__ = "partner_template_changes"

    template_id: Mapped[str] = mapped_column(String(36), index=True)


class PartnerSend(Base):
    """A message the service sent a referred victim: links the outbox message to the referral."""

    __tablename__ = "partner_sends"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id"), unique=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("partner_referrals.id", ondelete="CASCADE"), index=True)
    template_id: Mapped[str] = mapped_column(String(36))
    sent_at = mapped_column(UTCDateTime, default=utcnow)
