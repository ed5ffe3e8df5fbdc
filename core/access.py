"""Who may reach a page, and the header links plugins add: helpers the web face and plugins share.

Plugins import these through :mod:`core.toolkit`; the web face (:mod:`core.web.access`,
:mod:`core.web.navigation`) uses the same objects, so neither has to import the other. Every
view needs a signed-in user unless it is marked :func:`public` (the app checks before every
request, so a view forgotten by its author is closed, not open); :func:`roles_required` narrows
a view to roles that may see victims' data.
"""

from dataclasses import dataclass
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


@dataclass(frozen=True)
class MenuLink:
    """One link of the header: the view it opens (``endpoint``), its words and its order.

    Plugins return these from the ``menu_links`` hook; :mod:`core.web.navigation` shows each to
    the roles its view allows.
    """

    endpoint: str
    text: str
    order: int = 50
    values: tuple = ()
