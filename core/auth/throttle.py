"""Sign-in throttling with Flask-Limiter: wrong passwords are counted per account and per address.

After ``[auth] max_failures`` wrong passwords for one account within ``failure_window_minutes``
(default 10 in 15 minutes), that account's sign-in answers 429 with ``Retry-After`` and a page that
says how long to wait, even for the right password; the same for ``address_max_failures`` from one
network address. Only failures count (``deduct_when``), so a busy station's good sign-ins never
lock anyone out. Counts live in Redis at force scale (every web process shares them) and in memory
when embedded.
"""

import hashlib
import os

from flask import g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

FAILED_FLAG = "mad_sign_in_failed"


def storage_uri(settings, environ=None):
    """Where the app's limits are counted.

    ``MAD_RATELIMIT_STORAGE_URL``, ``MAD_THROTTLE_STORAGE_URL``, ``[auth] throttle_storage``, a
    redis broker, or memory (one process only).
    """
    environ = os.environ if environ is None else environ
    broker = environ.get("MAD_BROKER_URL") or ""
    return (environ.get("MAD_RATELIMIT_STORAGE_URL") or environ.get("MAD_THROTTLE_STORAGE_URL")
            or settings.get("throttle_storage")
            or (broker if broker.startswith(("redis://", "rediss://")) else None) or "memory://")


def account_key():
    """The throttling key of the account being signed in to (a hash: logs never show the address)."""
    email = (request.form.get("email") or "").strip().lower()
    return "account:" + hashlib.sha256(email.encode()).hexdigest()[:32] if email else ""


def address_key():
    """The throttling key of the network address the sign-in comes from."""
    return "address:" + (get_remote_address() or "unknown")


def mark_failed():
    """Called by a sign-in view when the email and password did not match: this attempt counts."""
    g.setdefault(FAILED_FLAG, True)


def _failed(response):
    return bool(g.get(FAILED_FLAG))


def make_limiter(app, settings):
    """The app's one :class:`flask_limiter.Limiter` (``app.extensions["mad_limiter"]``); returns it.

    Called once by the app factory, before the API (:func:`core.api.setup.init_api`) and sign-in
    (:func:`install`) put their limits on it. Moving windows, counted where :func:`storage_uri` says.
    """
    limiter = Limiter(get_remote_address, app=app, storage_uri=storage_uri(settings), strategy="moving-window",
                      headers_enabled=True, key_prefix="mad", default_limits=[])
    app.extensions["mad_limiter"] = limiter
    return limiter


def install(app, settings, endpoints):
    """Throttle POSTs to each endpoint in ``endpoints`` on the app's limiter (:func:`make_limiter`).

    Called by the app factory. Returns the :class:`flask_limiter.Limiter`.
    """
    limiter = app.extensions["mad_limiter"]
    window = settings["failure_window_minutes"]
    for endpoint in endpoints:
        view = app.view_functions[endpoint]
        view = limiter.limit(f"{settings['max_failures']} per {window} minutes", key_func=account_key,
                             methods=["POST"], deduct_when=_failed, scope="account")(view)
        view = limiter.limit(f"{settings['address_max_failures']} per {window} minutes", key_func=address_key,
                             methods=["POST"], deduct_when=_failed, scope="address")(view)
        app.view_functions[endpoint] = view
    return limiter
