"""People who use the toolkit: officers, supervisors, VSCs, analysts and admins."""

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from core.db import Base, UTCDateTime, utcnow

#: werkzeug's method for new password hashes (its scrypt default, about 100 ms a hash). Only the
#: test suite lowers the cost (tests/conftest.py), so that signing in a thousand test users is quick.
PASSWORD_HASH_METHOD = "scrypt"


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(16), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The team and district the user works in (figures are cut by them); None: not set.
    team: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    district: Mapped[str | None] = mapped_column(String(80), nullable=True)
    # Bumped by sign-out and "sign out everywhere": a session cookie carrying an older number is refused
    # (core/auth/sessions.py), so a copied cookie dies with the session it was copied from.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_active(self):
        return self.active

    def set_password(self, password):
        """Store a salted hash of ``password`` (werkzeug's scrypt), never the password."""
        self.password_hash = generate_password_hash(password, method=PASSWORD_HASH_METHOD)

    def check_password(self, password):
        """Return True when ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)
