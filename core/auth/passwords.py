"""Local accounts: check an email and password in the same time whether or not the account exists.

Without care, a wrong password for a real account costs a full scrypt hash (about 100 ms) while an
unknown email answers at once, which tells an attacker which accounts exist. So an unknown,
inactive or single-sign-on-only account is checked against a dummy hash of the same cost.
"""

import re
import secrets

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from core.models.people import User

#: A hash of a random password, made with the same method and cost as real ones.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16))
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+")


def unusable_password_hash():
    """A password hash nobody can match (for accounts that sign in only through single sign-on)."""
    return generate_password_hash(secrets.token_urlsafe(32))


def authenticate(session, email, password):
    """Return the active user with this email and password, or None.

    Called by the sign-in page. Every call that gets as far as a password costs one hash, so the
    answer's timing does not reveal whether the account exists.
    """
    email = (email or "").strip().lower()
    password = password or ""
    user = None
    if email and EMAIL_SHAPE.fullmatch(email):
        user = session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.check_password(password) else None
