"""Referrals (Operation Encompass and other types), their notifications, and the schools directory.

A :class:`Referral` is what an officer made; each :class:`ReferralNotification` ties it to one
message in the message outbox (one per recipient: a school's DSL, a local authority), so a
referral is delivered, retried and evidenced by the same code as every other message, and its
status is read from its messages. Schools come from the DfE "Get Information About Schools"
extract; their DSL email addresses are kept by VSCs.
"""

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.crypto import EncryptedJSON
from core.db import Base, UTCDateTime, utcnow


class Referral(Base):
    __tablename__ = "referrals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    type_name: Mapped[str] = mapped_column(String(64))
    crime_reference: Mapped[str] = mapped_column(String(40), index=True)
    district: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    #: Words for lists and the chronology, without personal data ("3 children, 2 schools").
    summary: Mapped[str] = mapped_column(Text, default="")
    # Victim data (children's names, dates of birth, schools, the voice of the child, the
    # circumstances), encrypted at rest: cleared by the retention job.
    data: Mapped[dict | None] = mapped_column(EncryptedJSON, nullable=True)
    incident_at = mapped_column(UTCDateTime, nullable=True)
    due_at = mapped_column(UTCDateTime, nullable=True, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_by_name: Mapped[str] = mapped_column(String(254), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, index=True)
    purged_at = mapped_column(UTCDateTime, nullable=True)

    notifications = relationship("ReferralNotification", order_by="ReferralNotification.id", lazy="selectin",
                                 cascade="all, delete-orphan", back_populates="referral")


class ReferralNotification(Base):
    """One recipient of a referral and the outbox message that carries it to them."""

    __tablename__ = "referral_notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id"), index=True)
    recipient_key: Mapped[str] = mapped_column(String(64))
    recipient_name: Mapped[str] = mapped_column(String(200))
    recipient_kind: Mapped[str] = mapped_column(String(32))
    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id"), unique=True)

    referral = relationship("Referral", back_populates="notifications")
    message = relationship("Message", lazy="selectin")


class School(Base):
    """A school from the DfE register (keyed by its URN), with the DSL address VSCs keep."""

    __tablename__ = "schools"

    urn: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    establishment_type: Mapped[str] = mapped_column(String(120), default="")
    phase: Mapped[str] = mapped_column(String(60), default="")
    la_code: Mapped[str] = mapped_column(String(10), default="", index=True)
    la_name: Mapped[str] = mapped_column(String(120), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    locality: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(120), default="")
    postcode: Mapped[str] = mapped_column(String(12), default="")
    status: Mapped[str] = mapped_column(String(60), default="")
    dsl_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    dsl_updated_by: Mapped[str | None] = mapped_column(String(254), nullable=True)
    dsl_updated_at = mapped_column(UTCDateTime, nullable=True)
    imported_at = mapped_column(UTCDateTime, default=utcnow)


class LocalAuthority(Base):
    """A local authority and the address that takes notifications for children educated at home."""

    __tablename__ = "local_authorities"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    ehe_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    updated_by: Mapped[str | None] = mapped_column(String(254), nullable=True)
    updated_at = mapped_column(UTCDateTime, nullable=True)


class SchoolHoliday(Base):
    """A term holiday or closure day (first and last day included) when schools are shut."""

    __tablename__ = "school_holidays"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_day = mapped_column(Date)
    last_day = mapped_column(Date)
    description: Mapped[str] = mapped_column(String(200), default="")
