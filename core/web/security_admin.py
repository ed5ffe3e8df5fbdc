"""Admins' and supervisors' security pages.

- ``/security/sessions`` (admins): every user, with **Sign out everywhere** (a CSRF-protected POST
  that revokes every session the user holds, at its next request).
- ``/security/access`` (supervisors and admins): search the access audit by user or crime.
"""

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select

from core.auth import sessions
from core.constants import Roles
from core.models.people import User
from core.web.access import current_mad, roles_required

blueprint = Blueprint("security", __name__, url_prefix="/security")


@blueprint.get("/sessions")
@roles_required(Roles.ADMIN)
def users_sessions():
    """Every user, with a button to sign them out everywhere."""
    with current_mad().session() as session:
        users = session.scalars(select(User).order_by(User.email)).all()
        session.expunge_all()
    return render_template("security/sessions.html", users=users,
                           ended=request.args.get("ended", type=int))


@blueprint.post("/sessions/<int:user_id>/end")
@roles_required(Roles.ADMIN)
def end_sessions(user_id):
    """Revoke every session of one user (they must sign in again everywhere)."""
    with current_mad().session() as session:
        found = sessions.revoke_all(session, user_id)
    return redirect(url_for("security.users_sessions", ended=user_id if found else None))
