"""The outbox: every message an officer sends, stored before it is delivered."""

from sqlalchemy import ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.constants import MessageStatus
from core.crypto import EncryptedBytes, EncryptedJSON, EncryptedText, keyring_of
from core.db import Base, UTCDateTime, utcnow


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_status_next_attempt", "status", "next_attempt_at"),
                      # Usage figures: messages of a period, of one sender (core.compliance.refresh).
                      Index("ix_messages_created_at", "created_at"),
                      Index("ix_messages_created_by_id_created_at", "created_by_id", "created_at"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    crime_reference: Mapped[str] = mapped_column(String(40), index=True)
    template_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16))
    # Victim data: encrypted at rest (core/crypto.py), cleared by the retention job after the configured days.
    recipient: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    #: Keyed hash of ``recipient`` for equality look-ups (the ciphertext differs every time); set on write.
    recipient_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    recipient_masked: Mapped[str] = mapped_column(String(254))
    #: The name the message goes out under when not the force's (the commissioned service's sender name).
    sender_name: Mapped[str | None] = mapped_column(String(60), nullable=True)
    subject: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    body: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    body_html: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    english_body: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    fields: Mapped[dict | None] = mapped_column(EncryptedJSON, nullable=True)
    segments: Mapped[int | None] = mapped_column(Integer, nullable=True)
    encoding: Mapped[str | None] = mapped_column(String(10), nullable=True)

    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.QUEUED)
    failure_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    provider_reference: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at = mapped_column(UTCDateTime, default=utcnow)
    claimed_at = mapped_column(UTCDateTime, nullable=True)
    sent_at = mapped_column(UTCDateTime, nullable=True)
    delivered_at = mapped_column(UTCDateTime, nullable=True)
    failed_at = mapped_column(UTCDateTime, nullable=True)
    purged_at = mapped_column(UTCDateTime, nullable=True)
    #: Any change (status, retention): the figures' rollups re-count the message's day after it.
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=True, index=True)

    attachments = relationship("MessageAttachment", order_by="MessageAttachment.id", lazy="selectin",
                               cascade="all, delete-orphan")


class MessageAttachment(Base):
    """A file sent with an email (a service's leaflet, a referral's PDF), stored encrypted with the message so a retry sends the same file."""

    __tablename__ = "message_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(EncryptedBytes)


@event.listens_for(Message, "before_insert")
@event.listens_for(Message, "before_update")
def _hash_recipient(mapper, connection, target):
    """Keep ``recipient_hash`` in step with ``recipient`` whenever the ORM writes a message."""
    target.recipient_hash = keyring_of(connection.dialect).lookup_hash(target.recipient)
