"""The built-in service directory, shaped on Open Referral UK (HSDS 3.0).

An organisation runs services; a service lists the needs it meets, who it serves, where
(districts; none means the whole force area), how to reach it and its leaflets. Every VSC edit
is kept in ``directory_changes``; officers' "out of date" reports wait in ``directory_reports``.
Every change to a service is stamped with a search version (see :mod:`core.directory.changes`), so
each process's search index applies just the services that changed.
"""

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.history import ChangeRecord


class DirectoryOrganisation(Base):
    __tablename__ = "directory_organisations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(500), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)


class DirectoryService(Base):
    __tablename__ = "directory_services"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("directory_organisations.id"), nullable=True,
                                                        index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), default="active")
    needs: Mapped[list] = mapped_column(JSON, default=list)
    vulnerabilities: Mapped[list] = mapped_column(JSON, default=list)
    eligibility: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list] = mapped_column(JSON, default=list)
    districts: Mapped[list] = mapped_column(JSON, default=list)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    web: Mapped[str | None] = mapped_column(String(500), nullable=True)
    address: Mapped[str] = mapped_column(Text, default="")
    access: Mapped[str] = mapped_column(String(32), default="signpost")
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    last_assured_on = mapped_column(Date, nullable=True)
    assured_by: Mapped[str | None] = mapped_column(String(254), nullable=True)
    review_due_on = mapped_column(Date, nullable=True, index=True)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)
    #: The directory's search version when this service last changed (set after each flush by
    #: :func:`core.directory.changes.stamp_changes`); searches apply the services above their own.
    search_version: Mapped[int] = mapped_column(BigInteger, default=0, index=True)

    organisation = relationship("DirectoryOrganisation", lazy="joined")
    attachments = relationship("DirectoryAttachment", order_by="DirectoryAttachment.id", lazy="selectin",
                               cascade="all, delete-orphan")


class DirectoryAttachment(Base):
    """A leaflet: the bytes emailed to a victim with the service's details."""

    __tablename__ = "directory_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("directory_services.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class DirectoryChange(ChangeRecord, Base):
    """One edit of a service: who, what (field → [before, after]) and when."""

    __tablename__ = "directory_changes"

    service_id: Mapped[str] = mapped_column(String(64), index=True)


class DirectoryReport(Base):
    """An officer's "this is out of date" note, waiting for a VSC."""

    __tablename__ = "directory_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(64))
    service_id: Mapped[str] = mapped_column(String(64), index=True)
    service_name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    reported_by: Mapped[str] = mapped_column(String(254))
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reported_at = mapped_column(UTCDateTime, default=utcnow)
    resolved_at = mapped_column(UTCDateTime, nullable=True, index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(254), nullable=True)


class DirectorySearchState(Base):
    """One row: the directory's search version, raised by every transaction that changes a service.

    Raising it takes the row's lock until commit, so versions are handed out in commit order and a
    search that reads version N knows every service stamped N or lower is already visible.
    ``reset_version`` is the last version at which a service was deleted outright (the indexes of
    older versions are rebuilt, as a deleted row leaves no stamp behind).
    """

    __tablename__ = "directory_search_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    reset_version: Mapped[int] = mapped_column(BigInteger, default=0)


# Registers the session event that stamps changed services with the directory's search version.
import core.directory.changes  # noqa: E402,F401
