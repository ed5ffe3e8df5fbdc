"""Victims (and affected witnesses) on a crime or collision, their care log, contacts and ring-backs.

Contact details are victims' data: shown only to roles that contact victims, never logged, and
stored encrypted (``core.crypto.EncryptedText``: the name, number, email address, communication
needs, times to avoid, a no's rationale and ring-back notes), with keyed hashes of the number and
email address (``phone_hash``, ``email_hash``) for look-ups, kept in step by a listener below.
"""

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.crypto import EncryptedText, keyring_of
from core.db import Base, UTCDateTime, utcnow


class Victim(Base):
    __tablename__ = "victims"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: The crime reference, or the collision reference when ``reference_kind`` is "collision".
    crime_reference: Mapped[str] = mapped_column(String(40), index=True)
    reference_kind: Mapped[str] = mapped_column(String(16), default="crime")
    person_kind: Mapped[str] = mapped_column(String(16), default="victim")
    name: Mapped[str] = mapped_column(EncryptedText)
    phone: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    email: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    #: Keyed hashes of ``phone`` and ``email`` for equality look-ups (the ciphertext differs every time).
    phone_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    email_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    locale: Mapped[str] = mapped_column(String(16))
    communication_needs: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    enhanced_category: Mapped[str | None] = mapped_column(String(32), nullable=True)
    district: Mapped[str | None] = mapped_column(String(80), nullable=True)
    crime_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    oic_name: Mapped[str] = mapped_column(String(120))
    oic_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    recorded_on = mapped_column(Date, index=True)
    # The contact plan agreed with the victim.
    plan_method: Mapped[str | None] = mapped_column(String(16), nullable=True)
    plan_frequency: Mapped[str | None] = mapped_column(String(32), nullable=True)
    plan_every_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    plan_topics: Mapped[list | None] = mapped_column(JSON, nullable=True)
    plan_avoid: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    # The latest key decision (arrest, charge, NFA...) the victim must be told of, and when.
    key_decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    key_decision_on = mapped_column(Date, nullable=True)
    care_log_completed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When retention cleared the victim's details (the name left as initials; the care log's answers kept).
    purged_at = mapped_column(UTCDateTime, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)
    #: Any change: the compliance rollups work the victim's rights out again after it.
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=True, index=True)

    duties = relationship("CareDuty", back_populates="victim", order_by="CareDuty.id", lazy="selectin",
                          cascade="all, delete-orphan")
    contacts = relationship("VictimContact", back_populates="victim", order_by="VictimContact.created_at",
                            lazy="selectin", cascade="all, delete-orphan")

    @property
    def enhanced(self):
        """True when the victim is entitled to enhanced rights."""
        return bool(self.enhanced_category)


@event.listens_for(Victim, "before_insert")
@event.listens_for(Victim, "before_update")
def _hash_contact_details(mapper, connection, target):
    """Keep ``phone_hash`` and ``email_hash`` in step with ``phone`` and ``email`` whenever the ORM writes a victim."""
    ring = keyring_of(connection.dialect)
    target.phone_hash, target.email_hash = ring.lookup_hash(target.phone), ring.lookup_hash(target.email)


class CareDuty(Base):
    """One duty of a victim's care log: its answer, the rationale for a no, and what evidences it."""

    __tablename__ = "care_duties"
    __table_args__ = (UniqueConstraint("victim_id", "duty", name="uq_care_duties_victim_duty"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    victim_id: Mapped[str] = mapped_column(ForeignKey("victims.id"), index=True)
    duty: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    rationale: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    #: Facts beside the answer: the leaflet format, the VPS date, the VNA answers...
    detail: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    #: The message that evidences the duty (None: the officer's own answer).
    message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"), nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at = mapped_column(UTCDateTime, default=utcnow)
    #: Any change: the compliance rollups work the victim's rights out again after it.
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=True, index=True)

    victim = relationship("Victim", back_populates="duties")


class VictimContact(Base):
    """A message the toolkit sent to a recorded victim (an update or a signposting)."""

    __tablename__ = "victim_contacts"
    __table_args__ = (UniqueConstraint("victim_id", "message_id", name="uq_victim_contacts_victim_message"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    victim_id: Mapped[str] = mapped_column(ForeignKey("victims.id"), index=True)
    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id"))
    template_id: Mapped[str] = mapped_column(String(64))
    created_at = mapped_column(UTCDateTime, default=utcnow, index=True)

    victim = relationship("Victim", back_populates="contacts")


class RingBack(Base):
    """A supervisor's seven-day ring-back to a victim, and its outcome once done."""

    __tablename__ = "ring_backs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    victim_id: Mapped[str] = mapped_column(ForeignKey("victims.id"), unique=True)
    due_on = mapped_column(Date, index=True)
    #: The team it is routed to (for example cohesion officers for hate crime); None: supervisors.
    team: Mapped[str | None] = mapped_column(String(80), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    notes: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    follow_up: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    done_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    done_at = mapped_column(UTCDateTime, nullable=True)

    victim = relationship("Victim")


class CareLogStep(Base):
    """One completed care-log step as it was recorded, tied to the chronology entry that evidences it."""

    __tablename__ = "care_log_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    victim_id: Mapped[str] = mapped_column(ForeignKey("victims.id"), index=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("records_entries.id"), unique=True)
    duty: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)
