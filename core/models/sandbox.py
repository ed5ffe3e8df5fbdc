"""What the sandbox channels captured instead of sending: exactly what a victim would receive."""

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.crypto import EncryptedText
from core.db import Base, UTCDateTime, utcnow


class SandboxCapture(Base):
    __tablename__ = "sandbox_captures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    # What the victim would have received: encrypted at rest like the message itself (core/crypto.py).
    recipient: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    subject: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    body: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    body_html: Mapped[str | None] = mapped_column(EncryptedText, nullable=True)
    locale: Mapped[str] = mapped_column(String(16))
    text_direction: Mapped[str] = mapped_column(String(3), default="ltr")
    #: What was attached: ``[{"filename", "content_type", "size"}]``.
    attachments: Mapped[list | None] = mapped_column(JSON, nullable=True)
    captured_at = mapped_column(UTCDateTime, default=utcnow)
