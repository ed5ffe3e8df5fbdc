"""Token authentication, scopes and the audit of every API call.

The API's views are public to the session check (no sign-in page for machines) and exempt from
CSRF (no cookies are used: a browser cannot attach the ``Authorization`` header across sites);
instead each view declares the scope it needs with :func:`requires`, and a missing, unknown,
expired or revoked token is refused with 401 before the view runs.
"""

from functools import wraps

from flask import g, request

from core.api.problems import problem
from core.api.tokens import authenticate
from core.models.api import ApiCall
from core.web.access import current_mad, public

TOKEN_AUTH_ATTR = "_mad_token_auth"


def is_token_authenticated(view):
    """True when ``view`` is an API view that takes a token instead of a signed-in session."""
    return getattr(view, TOKEN_AUTH_ATTR, False)


def presented_token():
    """The token in ``Authorization: Bearer ...``, or None."""
    scheme, _sep, value = (request.headers.get("Authorization") or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def requires(scope):
    """Let ``view`` run only for a valid token holding ``scope``; 401/403 problem details otherwise."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            token = authenticate(current_mad(), presented_token())
            g.api_token = token
            if token is None:
                return problem(401, "Send a valid API token as 'Authorization: Bearer <token>'. Tokens are made "
                                    "by an admin with 'mad tokens create'; an expired or revoked token is refused.",
                               headers={"WWW-Authenticate": 'Bearer realm="mad"'})
            if scope not in token.scopes:
                return problem(403, f"This call needs the scope '{scope}'; this token has "
                                    f"{', '.join(token.scopes)}. Ask an admin for a token with '{scope}'.")
            return view(*args, **kwargs)

        wrapped.required_scope = scope
        setattr(wrapped, TOKEN_AUTH_ATTR, True)
        return public(wrapped)

    return decorate


def note_crime(reference):
    """Record which crime this call was about, for the audit row."""
    g.api_crime_reference = reference


def audit(response):
    """Store one :class:`ApiCall` row for the request (who, what, when, which crime); never the body."""
    token = g.get("api_token")
    with current_mad().session() as session:
        session.add(ApiCall(token_id=token.id if token else None, token_name=token.name if token else None,
                            method=request.method, path=request.path[:500], status=response.status_code,
                            crime_reference=(g.get("api_crime_reference") or None)))
    return response
