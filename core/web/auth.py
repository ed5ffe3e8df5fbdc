"""Signing in and out."""

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from core.people import authenticate
from core.web.access import current_mad, public

blueprint = Blueprint("auth", __name__)


def _safe_next(target):
    """Only follow ``next`` to a path on this site, never to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@blueprint.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    """The sign-in form; on success, back to where the user was going."""
    errors = {}
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "").strip()
        password = request.form.get("password", "")
        if not email:
            errors["email"] = _("Enter your email address")
        if not password:
            errors["password"] = _("Enter your password")
        if not errors:
            with current_mad().session() as session:
                user = authenticate(session, email, password)
                if user is not None:
                    session.expunge(user)
            if user is None:
                errors["email"] = _("The email address or password is not right")
            else:
                login_user(user)
                return redirect(_safe_next(request.args.get("next")) or url_for("home.index"))
    return render_template("auth/sign_in.html", errors=errors, email=email), 400 if errors else 200


@blueprint.post("/sign-out")
def sign_out():
    """Sign out (a POST with a CSRF token, so another site cannot sign you out)."""
    logout_user()
    return redirect(url_for("auth.sign_in"))
