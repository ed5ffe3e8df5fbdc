"""``Idempotency-Key``: a replay gets the first answer, a different body under the same key is 409.

A key is remembered for ``[retention] idempotency_key_hours`` (24 by default) after its first
request, then purged by the hourly retention job (:func:`purge_expired_keys`); a client retries
within that time. The first request under a key stores a row (unique per token and key) before it does anything; a
second request arriving while the first is still running waits for its answer, so two concurrent
requests with one key send once. The message itself also carries a key derived from the token and
the ``Idempotency-Key``, so the outbox would refuse a second copy even if this table were bypassed.
"""

import hashlib
import json
import time
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.db import utcnow
from core.models.api import ApiIdempotencyKey

WAIT_SECONDS = 10.0


class KeyConflict(Exception):
    """The key was used with a different body, or its first request is still running after the wait."""


def request_hash(body):
    """A stable hash of a JSON body (key order does not matter)."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


def message_key(token_id, key):
    """The outbox idempotency key for this token's ``Idempotency-Key`` (64 hex characters)."""
    return hashlib.sha256(f"api:{token_id}:{key}".encode()).hexdigest()


def _row(session, token_id, key):
    return session.scalar(select(ApiIdempotencyKey).where(ApiIdempotencyKey.token_id == token_id,
                                                          ApiIdempotencyKey.key == key))


def claim(mad, token_id, key, digest):
    """Claim ``key`` for this request.

    Returns None when this request is the first (it must then :func:`finish` or :func:`release`),
    or ``(status_code, answer)`` of the first request to replay. Raises :class:`KeyConflict` for a
    different body, or when the first request has not answered within the wait.
    """
    try:
        with mad.session() as session:
            session.add(ApiIdempotencyKey(token_id=token_id, key=key, request_hash=digest))
        return None
    except IntegrityError:
        pass
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with mad.session() as session:
            row = _row(session, token_id, key)
            if row is None:  # the first request failed and let the key go: this one is now first
                return claim(mad, token_id, key, digest)
            if row.request_hash != digest:
                raise KeyConflict("This Idempotency-Key was used before with a different request body. Use a new "
                                  "key for a new request, or send exactly the same body to get the first answer.")
            if row.status_code is not None:
                return row.status_code, row.answer
        if time.monotonic() > deadline:
            raise KeyConflict("The first request with this Idempotency-Key is still being answered: try again "
                              "in a few seconds with the same key and body.")
        time.sleep(0.05)


def finish(mad, token_id, key, status_code, answer):
    """Store the first answer under ``key`` for replays."""
    with mad.session() as session:
        row = _row(session, token_id, key)
        row.status_code, row.answer = status_code, answer


def release(mad, token_id, key):
    """Let ``key`` go (the request was refused as invalid, so the same key may be sent again, corrected)."""
    with mad.session() as session:
        row = _row(session, token_id, key)
        if row is not None:
            session.delete(row)


def purge_expired_keys(mad, now=None):
    """Forget keys older than ``[retention] idempotency_key_hours``; return how many were purged.

    Called by the hourly retention job (:func:`core.retention.purge_expired`). A key whose first
    request is still being answered (no status yet) is kept, so a waiting replay is never cut off.
    """
    now = now or utcnow()
    cutoff = now - timedelta(hours=mad.config.retention["idempotency_key_hours"])
    with mad.session() as session:
        return session.execute(delete(ApiIdempotencyKey).where(
            ApiIdempotencyKey.created_at < cutoff, ApiIdempotencyKey.status_code.is_not(None))).rowcount
