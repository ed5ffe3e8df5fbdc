"""API tokens: made once (the secret is shown once, only its SHA-256 kept), listed, expired, revoked.

Called by ``mad tokens ...`` and the admins' ``/admin/api-tokens`` page; the API checks a
presented token with :func:`authenticate`.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from core.db import utcnow
from core.models.api import ApiToken

#: Every scope a token may hold, with what it allows (shown by ``mad tokens scopes`` and the page).
SCOPES = {
    "send": "Send updates and signposting to victims (POST /api/v1/messages)",
    "read:status": "Read a message's status and a crime's messages (statuses only, never the words sent)",
    # The chronology holds the words sent to victims: only a force's own records system needs them.
    "read:chronology": "Read a crime's chronology, with the words sent to victims (the force's records system)",
    "read:templates": "Read the message templates and their field schemas",
    "read:directory": "Read and search the support services (HSDS)",
    "read:referrals": "Read referrals made (for example Operation Encompass)",
}
TOKEN_PREFIX = "mad_"


class TokenInvalid(Exception):
    """A token cannot be made as asked; the message says what to change."""


@dataclass(frozen=True)
class MadeToken:
    """A new token: the stored row's id and the secret, shown once and never again."""

    id: int
    name: str
    secret: str
    scopes: tuple


def hash_token(secret):
    """The SHA-256 (hex) of a token, which is all the database keeps."""
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_scopes(text_or_list):
    """Scopes from ``"send,read:status"`` or a list; raises :class:`TokenInvalid` naming unknown ones."""
    items = text_or_list.split(",") if isinstance(text_or_list, str) else list(text_or_list)
    scopes = tuple(dict.fromkeys(s.strip() for s in items if s and s.strip()))
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise TokenInvalid(f"Unknown scope(s) {', '.join(unknown)}: choose from {', '.join(SCOPES)}")
    if not scopes:
        raise TokenInvalid(f"Give at least one scope: choose from {', '.join(SCOPES)}")
    return scopes


def create_token(mad, name, scopes, created_by, days=None):
    """Store a new token for ``name`` with ``scopes`` (expiring after ``days`` if given); return :class:`MadeToken`."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise TokenInvalid("Give the token a name of 1 to 120 characters, saying which system uses it")
    scopes = parse_scopes(scopes)
    if days is not None and days < 1:
        raise TokenInvalid("A token must last at least 1 day: give --days 1 or more, or leave it out")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(name=name, token_hash=hash_token(secret), prefix=secret[:10], scopes=list(scopes),
                   created_by=created_by, expires_at=utcnow() + timedelta(days=days) if days else None)
    with mad.session() as session:
        session.add(row)
        session.flush()
        ident = row.id
    return MadeToken(ident, name, secret, scopes)


def list_tokens(mad):
    """Every token, newest first (revoked and expired ones too, marked by their dates)."""
    with mad.session() as session:
        rows = session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).all()
        for row in rows:
            session.expunge(row)
    return rows


def token_state(row, now=None):
    """``active``, ``expired`` or ``revoked``."""
    now = now or utcnow()
    if row.revoked_at is not None:
        return "revoked"
    if row.expires_at is not None and row.expires_at <= now:
        return "expired"
    return "active"


def revoke_token(mad, token_id):
    """Revoke a token now; True if it was active. A revoked token is refused at once."""
    with mad.session() as session:
        row = session.get(ApiToken, token_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = utcnow()
        return True


def expire_token(mad, token_id, days):
    """Set a token to expire ``days`` from now (0: now); True if the token exists and is not revoked."""
    with mad.session() as session:
        row = session.get(ApiToken, token_id)
        if row is None or row.revoked_at is not None:
            return False
        row.expires_at = utcnow() + timedelta(days=days)
        return True


def authenticate(mad, secret):
    """The active token matching ``secret`` (detached), or None; notes when it was last used."""
    if not secret:
        return None
    with mad.session() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
        if row is None or token_state(row) != "active":
            return None
        row.last_used_at = utcnow()
        session.flush()
        session.expunge(row)
    return row
