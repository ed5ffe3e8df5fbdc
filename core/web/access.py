"""Who may reach a page: every view needs a signed-in user unless it is marked public.

The app checks this before every request (``core.app``), so a view forgotten by its author is
closed, not open; ``roles_required`` narrows a view to roles that may see victims' data. The
helpers live in :mod:`core.access` (plugins reach them through :mod:`core.toolkit`).
"""

from flask import current_app

from core.access import PUBLIC_ATTR, is_public, public, roles_required

__all__ = ["PUBLIC_ATTR", "current_mad", "is_public", "public", "roles_required"]


def current_mad():
    """The running :class:`core.runtime.Toolkit` of the current app."""
    return current_app.extensions["mad"]
