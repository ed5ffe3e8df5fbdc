"""The access audit: one row each time someone sees a victim's contact details or message text.

Append-only: the toolkit never updates a row, and deletes only through the retention job
(``[retention] access_audit_days``). Rows carry no victim data themselves, only what was looked at.
"""

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow


class AccessRecord(Base):
    __tablename__ = "access_audit"
    __table_args__ = (Index("ix_access_audit_crime_reference_at", "crime_reference", "at"),
                      Index("ix_access_audit_user_id_at", "user_id", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # The name and role at the time: the audit still says who looked after a user is renamed or removed.
    user_email: Mapped[str] = mapped_column(String(254))
    user_role: Mapped[str] = mapped_column(String(20))
    what: Mapped[str] = mapped_column(String(40))
    crime_reference: Mapped[str | None] = mapped_column(String(40), nullable=True)
    detail: Mapped[str | None] = mapped_column(String(200), nullable=True)
