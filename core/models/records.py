"""The records outbox: chronology entries and each records writer's progress with them.

One :class:`RecordsEntry` is stored in the same transaction as the message (or referral) it
describes; one :class:`RecordsWrite` per enabled writer tracks delivery of that entry into that
writer's records system, so that one slow system never holds up another.
"""

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.constants import WriteStatus
from core.db import Base, UTCDateTime, utcnow


class RecordsEntry(Base):
    __tablename__ = "records_entries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    crime_reference: Mapped[str] = mapped_column(String(40), index=True)
    entry_type: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    english_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str] = mapped_column(String(254))
    message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"), nullable=True, index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)

    writes = relationship("RecordsWrite", back_populates="entry", order_by="RecordsWrite.writer")


class RecordsWrite(Base):
    __tablename__ = "records_writes"
    __table_args__ = (
        UniqueConstraint("entry_id", "writer", name="uq_records_writes_entry_writer"),
        Index("ix_records_writes_status_next_attempt", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("records_entries.id"))
    writer: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=WriteStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    external_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_attempt_at = mapped_column(UTCDateTime, default=utcnow)
    claimed_at = mapped_column(UTCDateTime, nullable=True)
    written_at = mapped_column(UTCDateTime, nullable=True)

    entry = relationship("RecordsEntry", back_populates="writes")


class AuditChronologyEntry(Base):
    """The built-in local audit writer's chronology: what it has written, once per entry id."""

    __tablename__ = "audit_chronology"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(36), unique=True)
    crime_reference: Mapped[str] = mapped_column(String(40), index=True)
    entry_type: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    english_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str] = mapped_column(String(254))
    occurred_at = mapped_column(UTCDateTime)
    written_at = mapped_column(UTCDateTime, default=utcnow)
