"""Security headers through flask-talisman: CSP, HSTS, frame, referrer and content-type options.

The pages load only the toolkit's own scripts, styles and images (``default-src 'self'``), may be
framed only by themselves, and send no referrer to other sites. Behind HTTPS
(``MAD_SECURE_COOKIES=1``) browsers are also told to use HTTPS for a year (HSTS) and cookies are
HTTPS-only. Redirecting HTTP to HTTPS is left to the proxy in front (``force_https`` off), which
terminates TLS. Pages with victims' details are never cached (``Cache-Control: no-store``).
"""

import os

from flask_talisman import Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    # Scripts: the toolkit's own files, plus an inline script only when it carries this response's nonce
    # (a template writes <script nonce="{{ csp_nonce() }}">, e.g. GOV.UK Frontend's js-enabled class).
    "script-src": "'self'",
    "frame-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}
HSTS_SECONDS = 365 * 24 * 3600


def secure_cookies(environ=None):
    """True when the instance runs behind HTTPS (``MAD_SECURE_COOKIES=1``)."""
    return (os.environ if environ is None else environ).get("MAD_SECURE_COOKIES") == "1"


def own_policy(content_security_policy):
    """Give one view its own Content-Security-Policy (e.g. a sandboxed email body shown in a frame).

    Sets flask-talisman's per-view options without needing the app's Talisman instance.
    """

    def decorate(view):
        view.talisman_view_options = {"content_security_policy": content_security_policy}
        return view

    return decorate


def install(app):
    """Put flask-talisman on ``app``; called by the app factory. Returns the Talisman instance."""
    secure = secure_cookies()
    talisman = Talisman(
        app, force_https=False, strict_transport_security=secure, strict_transport_security_max_age=HSTS_SECONDS,
        strict_transport_security_include_subdomains=False, content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["script-src"], frame_options="SAMEORIGIN", referrer_policy="same-origin", session_cookie_secure=secure,
        session_cookie_http_only=True, x_content_type_options=True,
    )

    @app.after_request
    def _no_store(response):
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return talisman
