"""Helpers for plugins' settings schemas: secrets from the environment, loopback-only addresses.

Exported through :mod:`core.toolkit`, so every plugin words these problems the same way.
"""

import ipaddress

#: Host names that always mean this machine.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def secret_setting_messages(variable="VARIABLE"):
    """marshmallow ``error_messages`` for a secret setting that must come from the environment.

    Use as ``fields.String(required=True, allow_none=False, error_messages=secret_setting_messages("MAD_X"))``:
    a missing setting and an unset variable both say how to give it (marshmallow formats these
    messages, so the braces are doubled here).
    """
    text = (f'is not set: give it as {{{{ "$env" = "{variable}" }}}} and set that environment variable '
            "(secrets never go in mad.toml)")
    return {"required": text, "null": text}


def plain_text_only_here(what, host):
    """The problem with sending ``what`` unencrypted to ``host`` in words, or None when ``host`` is this machine.

    Use in a settings schema's ``@validates_schema`` for a ``security = "none"`` (or ``http://``)
    choice: ``if problem := plain_text_only_here("victims' messages", data.get("host")): raise
    ValidationError(problem, field_name="security")``.
    """
    if is_loopback_host(host):
        return None
    return (f"'none' would send {what} unencrypted: it is allowed only for a server on this machine "
            "(localhost). Use 'tls' or 'starttls'")


def is_loopback_host(host):
    """True when ``host`` (a name or an address) is this machine: the only place plain http is allowed."""
    if not host:
        return False
    if host.lower() in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
