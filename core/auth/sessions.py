"""Sessions that end: sign-out revokes server-side, and a session times out when idle or too old.

The session cookie carries three values besides Flask-Login's user id: the user's
``session_version`` when they signed in, when they signed in, and when they were last seen.
Each request (:func:`check_session`) compares them with the user's row and ``[auth]``:

- a different ``session_version`` means the user signed out (anywhere) or an admin pressed
  **Sign out everywhere**, so a cookie copied before that is refused;
- more than ``idle_minutes`` since the last request, or ``absolute_hours`` since sign-in, ends it.
"""

import time

from flask import session as cookie
from flask_login import current_user, login_user, logout_user
from sqlalchemy import update

from core.models.people import User

VERSION_KEY = "_mad_sv"
STARTED_KEY = "_mad_started"
SEEN_KEY = "_mad_seen"
ENDED_KEY = "_mad_ended"

#: Why a session ended, as the sign-in page says it (keys of ``core.web.auth.ENDED_REASONS``).
ENDED_IDLE, ENDED_EXPIRED, ENDED_REVOKED = "idle", "expired", "revoked"


def start_session(user, now=None):
    """Sign ``user`` in (Flask-Login) and stamp the cookie with their session version and the time.

    Called by the sign-in page and the single sign-on callback.
    """
    now = time.time() if now is None else now
    cookie.clear()  # a fresh session: nothing from before sign-in carries over
    login_user(user)
    cookie.permanent = True
    cookie[VERSION_KEY] = user.session_version
    cookie[STARTED_KEY] = now
    cookie[SEEN_KEY] = now


def ended_reason(user, settings, now=None):
    """Why the current cookie no longer signs ``user`` in, or None while it is good.

    :param settings: the ``[auth]`` table.
    """
    now = time.time() if now is None else now
    if cookie.get(VERSION_KEY) != user.session_version:
        return ENDED_REVOKED
    started, seen = cookie.get(STARTED_KEY, 0), cookie.get(SEEN_KEY, 0)
    if now - started > settings["absolute_hours"] * 3600:
        return ENDED_EXPIRED
    if now - seen > settings["idle_minutes"] * 60:
        return ENDED_IDLE
    return None


def check_session(settings):
    """Before each request: end a revoked, idle or expired session; otherwise note the user was seen.

    Returns the reason it ended (the caller then treats the request as signed out), or None.
    """
    if not current_user.is_authenticated:
        return None
    reason = ended_reason(current_user, settings)
    if reason is None:
        cookie[SEEN_KEY] = time.time()
        return None
    logout_user()
    cookie.clear()
    cookie[ENDED_KEY] = reason
    return reason


def end_session(db_session, user_id):
    """Sign out: bump the user's session version (every cookie they hold dies) and clear this one.

    ``db_session`` is the caller's unit of work.
    """
    revoke_all(db_session, user_id)
    logout_user()
    cookie.clear()


def revoke_all(db_session, user_id):
    """Make every session of user ``user_id`` invalid at its next request ("sign out everywhere").

    Called by sign-out, the admins' Sessions page and ``mad users sign-out-everywhere``.
    Returns True when the user exists.
    """
    result = db_session.execute(update(User).where(User.id == user_id)
                                .values(session_version=User.session_version + 1))
    return result.rowcount == 1
