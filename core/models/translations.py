"""Review status of each translation: a draft until a VSC records a native speaker's review.

One row per locale and English msgid (held as a SHA-256 key, with the msgid beside it so the row
reads on its own). Keyed by the sentence rather than by template and part because a sentence is
what a native speaker reviews: the same review holds wherever it is used, and a change to the
English wording is a new msgid, so it starts again as a draft. ``translation_key`` is the hash
of the translation that was reviewed: if a catalogue later changes that translation the review
no longer applies and the status reads as draft again (see core.translations.review).
"""

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow


class TranslationReview(Base):
    __tablename__ = "translation_reviews"
    __table_args__ = (UniqueConstraint("locale", "msgid_key", name="uq_translation_reviews_locale_msgid_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    locale: Mapped[str] = mapped_column(String(16))
    msgid_key: Mapped[str] = mapped_column(String(64))
    msgid: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    translation_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reviewed_by_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    reviewed_at = mapped_column(UTCDateTime, nullable=True)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
