"""Conversations: victims' replies, opt-outs and satisfaction checks.

A reply's sender and text are victims' data: stored encrypted (core/crypto.py), masked on lists,
cleared by the retention purge (``purged_at``), never written to logs. A reply is found by its
sender through ``sender_hash`` (a keyed hash). An opt-out keeps only the keyed hash of the number
or address (and its masked form) for as long as it applies, because forgetting it would mean
texting a victim who said STOP; the opt-out check hashes the number it is asked about.
"""

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from core.crypto import EncryptedText, keyring_of
from core.db import Base, UTCDateTime, utcnow


class InboundReply(Base):
    """One message a victim sent to the force, stored once per provider message id."""

    __tablename__ = "inbound_replies"
    __table_args__ = (UniqueConstraint("channel", "provider_message_id", name="uq_inbound_replies_channel_provider_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))
    provider_message_id: Mapped[str] = mapped_column(String(255))
    # Victims' data, encrypted at rest: cleared by the retention purge.
    sender: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    #: Keyed hash of ``sender`` (kept in step by the ORM) for look-ups by sender.
    sender_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    body: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    sender_masked: Mapped[str] = mapped_column(String(254))
    #: ``stop``, ``start``, ``help``, ``score``, ``follow_up`` or None (an ordinary reply).
    keyword: Mapped[str | None] = mapped_column(String(16), nullable=True)
    #: The message this reply answers (the latest to that number or address), and its crime.
    message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"), nullable=True, index=True)
    crime_reference: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    #: Other crimes the sender received messages about: the officer is asked to choose.
    other_references: Mapped[list | None] = mapped_column(JSON, nullable=True)
    #: The language of the victim's messages when not English (the interpreting note).
    language: Mapped[str | None] = mapped_column(String(16), nullable=True)
    #: The officer in charge to tell (who sent the matched message).
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    received_at = mapped_column(UTCDateTime, default=utcnow)
    seen_at = mapped_column(UTCDateTime, nullable=True)
    notified_at = mapped_column(UTCDateTime, nullable=True)
    notify_attempts: Mapped[int] = mapped_column(Integer, default=0)
    notify_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    purged_at = mapped_column(UTCDateTime, nullable=True)


class OptOut(Base):
    """A number or address that said STOP (``active``) or START again, for this force."""

    __tablename__ = "opt_outs"
    __table_args__ = (UniqueConstraint("kind", "address_hash", name="uq_opt_outs_kind_address_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    #: Keyed hash of the number or address (core.crypto.Keyring.lookup_hash); the address itself is not kept.
    address_hash: Mapped[str] = mapped_column(String(64))
    address_masked: Mapped[str] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    word: Mapped[str | None] = mapped_column(String(40), nullable=True)
    reply_id: Mapped[str | None] = mapped_column(ForeignKey("inbound_replies.id"), nullable=True)
    changed_at = mapped_column(UTCDateTime, default=utcnow)


class SatisfactionCheck(Base):
    """The satisfaction check sent when a crime was closed, and the victim's answers."""

    __tablename__ = "satisfaction_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    crime_reference: Mapped[str] = mapped_column(String(40), unique=True)
    closing_message_id: Mapped[str] = mapped_column(ForeignKey("messages.id"))
    check_message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"), nullable=True)
    follow_up_message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"), nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    team: Mapped[str | None] = mapped_column(String(120), nullable=True)
    district: Mapped[str | None] = mapped_column(String(120), nullable=True)
    locale: Mapped[str] = mapped_column(String(16))
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Victims' words, encrypted at rest: cleared by the retention purge; the score (an aggregate) stays.
    follow_up_answer: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    sent_at = mapped_column(UTCDateTime, default=utcnow)
    answered_at = mapped_column(UTCDateTime, nullable=True, index=True)


@event.listens_for(InboundReply, "before_insert")
@event.listens_for(InboundReply, "before_update")
def _hash_sender(mapper, connection, target):
    """Keep ``sender_hash`` in step with ``sender`` whenever the ORM writes a reply."""
    target.sender_hash = keyring_of(connection.dialect).lookup_hash(target.sender)
