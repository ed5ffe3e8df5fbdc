"""The ``[auth]`` table of ``mad.toml``: how long sessions last, sign-in throttling and single sign-on.

Every key has a default, so an instance without ``[auth]`` gets local accounts, 30-minute idle
timeout, a 12-hour shift as the absolute lifetime and 10 failures per 15 minutes per account.
"""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.constants import Roles
from core.i18n import N_


class OidcSchema(Schema):
    """``[auth.oidc]``: the force's OpenID Connect provider (Entra ID, Keycloak, ...)."""

    issuer = fields.Url(required=True, require_tld=False, metadata={
        "description": "the provider's issuer URL; its /.well-known/openid-configuration is read at sign-in"})
    client_id = fields.String(required=True, validate=validate.Length(min=1))
    client_secret_env = fields.String(load_default="MAD_OIDC_CLIENT_SECRET", metadata={
        "description": "the environment variable holding the client secret (never the secret itself)"})
    scopes = fields.String(load_default="openid email profile")
    role_claim = fields.String(load_default="roles", metadata={
        "description": "the ID token claim carrying the user's groups or app roles"})
    role_mapping = fields.Dict(keys=fields.String(), values=fields.String(validate=validate.OneOf(Roles.ALL)),
                               required=True, metadata={
                                   "description": "claim value → toolkit role, e.g. { \"MaD.Officer\" = \"officer\" }"})
    email_claim = fields.String(load_default="email")
    name_claim = fields.String(load_default="name")
    button_label = fields.String(load_default=N_("Sign in with your force account"))


class AuthSchema(Schema):
    """``[auth]``."""

    local_accounts = fields.Boolean(load_default=True, metadata={
        "description": "false: only single sign-on; the email and password form is switched off"})
    idle_minutes = fields.Integer(load_default=30, validate=validate.Range(min=1, max=24 * 60))
    absolute_hours = fields.Float(load_default=12.0, validate=validate.Range(min=0.1, max=24 * 31))
    max_failures = fields.Integer(load_default=10, validate=validate.Range(min=1, max=1000), metadata={
        "description": "wrong passwords for one account within failure_window_minutes before it waits"})
    address_max_failures = fields.Integer(load_default=50, validate=validate.Range(min=1, max=10000), metadata={
        "description": "wrong passwords from one network address within the window (a station shares one)"})
    failure_window_minutes = fields.Integer(load_default=15, validate=validate.Range(min=1, max=24 * 60))
    trusted_proxies = fields.Integer(load_default=0, validate=validate.Range(min=0, max=5), metadata={
        "description": "how many reverse proxies in front set X-Forwarded-For/-Proto: the client's address "
                       "(for throttling) and HTTPS are read from them; 0 trusts no such header"})
    throttle_storage = fields.String(load_default=None, metadata={
        "description": "where failures are counted: memory:// (one process) or redis://...; "
                       "MAD_THROTTLE_STORAGE_URL overrides; a redis MAD_BROKER_URL is used when unset"})
    oidc = fields.Nested(OidcSchema, load_default=None)

    @validates_schema
    def _some_way_in(self, data, **kwargs):
        if not data.get("local_accounts", True) and not data.get("oidc"):
            raise ValidationError("local_accounts = false needs [auth.oidc], or nobody could sign in",
                                  field_name="local_accounts")


def default_auth():
    """The ``[auth]`` settings of an instance that has none."""
    return AuthSchema().load({})
