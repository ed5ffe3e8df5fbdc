"""Signing in and staying signed in, safely.

- :mod:`core.auth.settings`: the ``[auth]`` table of ``mad.toml`` (session lengths, throttling, OpenID Connect).
- :mod:`core.auth.sessions`: sessions that end (sign-out revokes server-side, idle and absolute limits).
- :mod:`core.auth.throttle`: sign-in throttling with Flask-Limiter (per account and per address).
- :mod:`core.auth.passwords`: local accounts, checked in equal time whether or not the account exists.
- :mod:`core.auth.oidc`: single sign-on through the force's OpenID Connect provider (Authlib).
- :mod:`core.auth.audit`: the access audit (who looked at which victim's details, when).

Services here take the caller's session and never commit behind its back, except
:func:`core.auth.sessions.sign_out_everywhere`, which opens its own unit of work.
"""
