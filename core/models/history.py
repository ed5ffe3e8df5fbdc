"""The columns every change history shares (see :mod:`core.history`): one row per change."""

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow


class ChangeRecord:
    """Mixin: ``action`` (created, edited, approved…), ``changes`` (field → [before, after]), who, when."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    changed_by: Mapped[str] = mapped_column(String(254))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    changed_at = mapped_column(UTCDateTime, default=utcnow)
