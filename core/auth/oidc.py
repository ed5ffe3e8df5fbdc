"""Single sign-on through the force's OpenID Connect provider, with Authlib's Flask client.

``[auth.oidc]`` names the issuer (its discovery document gives the authorize, token and JWKS
endpoints), the client id, the environment variable holding the client secret, and how the
provider's role claim maps to toolkit roles. Authlib checks the ID token's signature against the
provider's JWKS, its issuer, audience, expiry and nonce; this module turns its claims into a user.
"""

import os

from authlib.integrations.flask_client import OAuth
from sqlalchemy import func, select

from core.auth.passwords import unusable_password_hash
from core.models.people import User

CLIENT_NAME = "force_sso"


class SsoRefused(Exception):
    """The provider vouched for someone the toolkit will not let in; the message says why, in words.

    ``reason`` is one of :data:`NO_EMAIL`, :data:`NO_ROLE`, :data:`SWITCHED_OFF` (the sign-in page
    shows it in the interface language).
    """

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason


NO_EMAIL, NO_ROLE, SWITCHED_OFF = "no email", "no role", "switched off"


def install(app, settings):
    """Register the provider with Authlib on ``app`` (when ``[auth.oidc]`` is set); return the client or None.

    Called by the app factory. Raises ValueError naming the variable when the client secret is missing.
    """
    oidc = settings.get("oidc")
    if not oidc:
        return None
    secret = os.environ.get(oidc["client_secret_env"])
    if not secret:
        raise ValueError(f"[auth.oidc] needs the client secret in the environment variable "
                         f"{oidc['client_secret_env']}: set it to the secret your identity provider gave this app")
    oauth = OAuth(app)
    client = oauth.register(
        CLIENT_NAME, client_id=oidc["client_id"], client_secret=secret,
        server_metadata_url=oidc["issuer"].rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": oidc["scopes"]},
    )
    app.extensions["mad_sso"] = client
    return client


def role_from_claims(claims, oidc):
    """The toolkit role for these ID token claims, by ``role_mapping`` order, or None."""
    value = claims.get(oidc["role_claim"])
    held = {value} if isinstance(value, str) else set(value or [])
    return next((role for claim_value, role in oidc["role_mapping"].items() if claim_value in held), None)


def user_from_claims(session, claims, oidc):
    """Find or create the user these verified claims describe, with the role the claims map to.

    Called by the single sign-on callback with the caller's unit of work. The role is refreshed
    at every sign-in, so a change in the provider takes effect next time. Raises :class:`SsoRefused`.
    """
    email = str(claims.get(oidc["email_claim"]) or "").strip().lower()
    if "@" not in email:
        raise SsoRefused(NO_EMAIL, f"Your force account did not say your email address (claim {oidc['email_claim']!r}). "
                         "Ask your IT service desk to release it to the MaD Toolkit.")
    role = role_from_claims(claims, oidc)
    if role is None:
        raise SsoRefused(NO_ROLE, "Your force account has no MaD Toolkit role. Ask your supervisor to request one "
                         "from your IT service desk.")
    name = str(claims.get(oidc["name_claim"]) or email)[:120]
    user = session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        user = User(email=email, display_name=name, role=role, password_hash=unusable_password_hash())
        session.add(user)
    elif not user.active:
        raise SsoRefused(SWITCHED_OFF, "Your MaD Toolkit account is switched off. Ask an administrator to switch it back on.")
    else:
        user.role, user.display_name = role, name
    session.flush()
    return user
