"""Who may reach a page: every view needs a signed-in user unless it is marked public.

The app checks this before every request (``core.app``), so a view forgotten by its author is
closed, not open; ``roles_required`` narrows a view to roles that may see victims' data.
"""

from functools import wraps

from flask import abort, current_app
from flask_login import current_user

PUBLIC_ATTR = "_mad_public"


def public(view):
    """Mark ``view`` as reachable without signing in (sign-in, health, signed callbacks)."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def is_public(view):
    """True when ``view`` was marked with :func:`public`."""
    return getattr(view, PUBLIC_ATTR, False)


def roles_required(*roles):
    """Allow ``view`` only to signed-in users holding one of ``roles``; others get 403."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorate


def current_mad():
    """The running :class:`core.runtime.Toolkit` of the current app."""
    return current_app.extensions["mad"]
