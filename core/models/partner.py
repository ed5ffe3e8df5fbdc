"""Referrals to the force's commissioned victims' service (the ``partner`` role's queue).

An officer refers a victim who consented to a referral (not just signposting); the partner's
staff see only these referrals and record accepted, contacted or declined. Victims' details are
encrypted at rest.
"""

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.crypto import EncryptedJSON, EncryptedText
from core.db import Base, UTCDateTime, utcnow


class PartnerReferral(Base):
    __tablename__ = "partner_referrals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    crime_reference: Mapped[str] = mapped_column(String(40), index=True)
    victim_name: Mapped[str] = mapped_column(EncryptedText)
    contact: Mapped[str] = mapped_column(EncryptedText)
    needs: Mapped[list] = mapped_column(EncryptedJSON)
    consent: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20), index=True)
    made_by: Mapped[str] = mapped_column(String(254))
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    made_at = mapped_column(UTCDateTime, default=utcnow)

    changes = relationship("PartnerReferralChange", order_by="PartnerReferralChange.id", lazy="selectin",
                           cascade="all, delete-orphan")


class PartnerReferralChange(Base):
    """One status the partner recorded: who, when, from what to what."""

    __tablename__ = "partner_referral_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("partner_referrals.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    changed_by: Mapped[str] = mapped_column(String(254))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    changed_at = mapped_column(UTCDateTime, default=utcnow)
