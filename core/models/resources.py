"""The resources library and sections prepared ahead.

A resource (a prevention leaflet, a justice-journey page, a perpetrator programme, a leaflet the
force must give) holds its wording per language: a short summary for a text and a fuller body for
an email, with links and attachments. Every VSC edit is kept in ``resource_changes``; every send
in ``resource_sends`` (so usage is countable). A section groups templates, resources and services
under a title and guidance and goes live on a date; its changes are kept in ``section_changes``.
"""

from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.history import ChangeRecord


class Resource(Base):
    __tablename__ = "resources"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200))
    crime_types: Mapped[list] = mapped_column(JSON, default=list)
    stages: Mapped[list] = mapped_column(JSON, default=list)
    #: ``{locale: {"summary": text for an SMS, "body": fuller text for an email}}``; English is required.
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    links: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")
    review_due_on = mapped_column(Date, nullable=True, index=True)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    attachments = relationship("ResourceAttachment", order_by="ResourceAttachment.id", lazy="selectin",
                               cascade="all, delete-orphan")

    @property
    def languages(self):
        """The locale codes this resource is written in, English first."""
        return sorted(self.texts or {}, key=lambda code: (code != "en", code))


class ResourceAttachment(Base):
    """A file emailed with the resource (a PDF leaflet, say)."""

    __tablename__ = "resource_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resource_id: Mapped[str] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ResourceChange(ChangeRecord, Base):
    """One edit of a resource: who, what (field → [before, after]) and when."""

    __tablename__ = "resource_changes"

    resource_id: Mapped[str] = mapped_column(String(64), index=True)


class ResourceSend(Base):
    """A resource sent to a victim: links the outbox message to the resource (usage figures)."""

    __tablename__ = "resource_sends"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id"), unique=True)
    resource_id: Mapped[str] = mapped_column(String(64), index=True)
    locale: Mapped[str] = mapped_column(String(16))
    sent_at = mapped_column(UTCDateTime, default=utcnow)


class Section(Base):
    """A toolkit section prepared ahead (e.g. "Right Care Right Person"), live from ``live_from``."""

    __tablename__ = "sections"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    guidance: Mapped[str] = mapped_column(Text, default="")
    template_ids: Mapped[list] = mapped_column(JSON, default=list)
    resource_ids: Mapped[list] = mapped_column(JSON, default=list)
    service_ids: Mapped[list] = mapped_column(JSON, default=list)
    live_from = mapped_column(UTCDateTime, nullable=True, index=True)
    retired_at = mapped_column(UTCDateTime, nullable=True)
    #: "vsc" for one prepared in the toolkit, or the plugin's name for one a plugin ships.
    source: Mapped[str] = mapped_column(String(64), default="vsc")
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SectionChange(ChangeRecord, Base):
    """One change of a section (prepared, edited, scheduled, retired): the audit trail."""

    __tablename__ = "section_changes"

    section_id: Mapped[str] = mapped_column(String(64), index=True)
