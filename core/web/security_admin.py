"""Admins' and supervisors' security pages.

- ``/security/sessions`` (admins): every user, with **Sign out everywhere** (a CSRF-protected POST
  that revokes every session the user holds, at its next request).
- ``/security/access`` (supervisors and admins): search the access audit by user or crime.
"""

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select

from core.auth import sessions
from core.auth.audit import search_access
from core.constants import Roles
from core.models.people import User
from core.records.references import normalise_reference
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


@blueprint.get("/access")
@roles_required(Roles.SUPERVISOR, Roles.ADMIN)
def access_audit():
    """Search the access audit by user (email) or crime reference; newest first."""
    user_email = (request.args.get("user") or "").strip()[:254]
    reference = normalise_reference(request.args.get("crime")) or ""
    rows = []
    searched = bool(user_email or reference)
    if searched:
        with current_mad().session() as session:
            rows = search_access(session, user_email=user_email or None, crime_reference=reference or None)
            session.expunge_all()
    return render_template("security/access.html", rows=rows, user_email=user_email, crime=reference,
                           searched=searched)
