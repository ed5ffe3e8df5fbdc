"""Signing in (email and password, or the force's single sign-on) and out."""

import logging
import math
import time
from urllib.parse import urlsplit

from authlib.integrations.base_client import OAuthError
from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from requests import RequestException

from core.auth import sessions, throttle
from core.auth import oidc
from core.auth.oidc import SsoRefused, user_from_claims
from core.auth.passwords import authenticate
from core.web.access import current_mad, public

blueprint = Blueprint("auth", __name__)
log = logging.getLogger(__name__)
NEXT_KEY = "_mad_next"


def _ended_reasons():
    return {
        sessions.ENDED_IDLE: _("You were signed out because the toolkit was not used for a while. Sign in again."),
        sessions.ENDED_EXPIRED: _("You were signed out because your session reached its time limit. Sign in again."),
        sessions.ENDED_REVOKED: _("You were signed out (from this or another device). Sign in again."),
    }


def _safe_next(target):
    """Only follow ``next`` to a path on this site, never to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _auth_settings():
    return current_mad().config.auth


def _page(errors=None, email="", status=200):
    settings = _auth_settings()
    ended = session.pop(sessions.ENDED_KEY, None)
    return render_template("auth/sign_in.html", errors=errors or {}, email=email,
                           ended=_ended_reasons().get(ended), local_accounts=settings["local_accounts"],
                           sso=settings.get("oidc")), status


@blueprint.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    """The sign-in form; on success, back to where the user was going (throttled: see core.auth.throttle)."""
    if request.method == "GET":
        return _page()
    if not _auth_settings()["local_accounts"]:
        abort(404)
    errors = {}
    email = request.form.get("email", "").strip()
    password = request.form.get("password", "")
    if not email:
        errors["email"] = _("Enter your email address")
    if not password:
        errors["password"] = _("Enter your password")
    if errors:
        return _page(errors, email, 400)
    with current_mad().session() as db_session:
        user = authenticate(db_session, email, password)
        if user is not None:
            db_session.expunge(user)
    if user is None:
        throttle.mark_failed()
        return _page({"email": _("The email address or password is not right")}, email, 400)
    sessions.start_session(user)
    return redirect(_safe_next(request.args.get("next")) or url_for("home.index"))


@blueprint.get("/sign-in/sso")
@public
def sso_start():
    """Send the browser to the force's identity provider (OpenID Connect authorization code flow)."""
    client = current_app.extensions.get("mad_sso")
    if client is None:
        abort(404)
    session[NEXT_KEY] = _safe_next(request.args.get("next"))
    try:
        return client.authorize_redirect(url_for("auth.sso_callback", _external=True))
    except (RequestException, OAuthError, ValueError) as exc:
        log.warning("single sign-on provider unreachable: %s", type(exc).__name__)
        return _sso_problem(_("The force's sign-in service is not answering. Try again in a few minutes, "
                              "or tell your IT service desk."), 502)


@blueprint.get("/sign-in/sso/callback")
@public
def sso_callback():
    """The identity provider sends the browser back here with a code; Authlib checks the ID token."""
    client = current_app.extensions.get("mad_sso")
    if client is None:
        abort(404)
    try:
        token = client.authorize_access_token()
    except OAuthError as exc:
        log.info("single sign-on refused by the provider or the check: %s", exc.error)
        return _sso_problem(_("The force's sign-in service did not sign you in (%(reason)s). Try again.",
                              reason=exc.error), 400)
    except RequestException as exc:
        log.warning("single sign-on provider unreachable: %s", type(exc).__name__)
        return _sso_problem(_("The force's sign-in service is not answering. Try again in a few minutes, "
                              "or tell your IT service desk."), 502)
    claims = token.get("userinfo") or {}
    next_url = session.pop(NEXT_KEY, None)
    try:
        with current_mad().session() as db_session:
            user = user_from_claims(db_session, claims, _auth_settings()["oidc"])
            db_session.expunge(user)
    except SsoRefused as exc:
        return _sso_problem(_sso_refusals().get(exc.reason, str(exc)), 403)
    sessions.start_session(user)
    return redirect(next_url or url_for("home.index"))


def _sso_refusals():
    return {
        oidc.NO_EMAIL: _("Your force account did not give the MaD Toolkit your email address. "
                         "Ask your IT service desk to release it to the MaD Toolkit."),
        oidc.NO_ROLE: _("Your force account has no MaD Toolkit role. Ask your supervisor to request one "
                        "from your IT service desk."),
        oidc.SWITCHED_OFF: _("Your MaD Toolkit account is switched off. Ask an administrator to switch it back on."),
    }


def _sso_problem(message, status):
    return render_template("error.html", title=_("You are not signed in"), message=message), status


@blueprint.post("/sign-out")
def sign_out():
    """Sign out everywhere this user is signed in (a POST with a CSRF token, so another site cannot)."""
    with current_mad().session() as db_session:
        sessions.end_session(db_session, current_user.id)
    return redirect(url_for("auth.sign_in"))


@blueprint.app_errorhandler(429)
def throttled(exc):
    """Too many wrong passwords: say how long to wait (the limiter adds Retry-After)."""
    limiter = current_app.extensions.get("mad_limiter")
    limit = limiter.current_limit if limiter else None
    seconds = max(1, int(limit.reset_at - time.time())) if limit else 60 * _auth_settings()["failure_window_minutes"]
    return render_template("auth/throttled.html", minutes=math.ceil(seconds / 60)), 429
