"""Force configuration: one TOML file per instance, with secrets and URLs from the environment.

The file (``<instance>/mad.toml``) names the force, its districts and locales, which plugins are
enabled and their settings. Environment variables override what must not live in a file:

- ``MAD_SECRET_KEY``: signs sessions and CSRF tokens (required outside tests and the demo).
- ``MAD_DATABASE_URL``: SQLAlchemy URL; default a SQLite file inside the instance folder.
- ``MAD_BROKER_URL``: Celery broker for force-scale dispatch (see README).

A plugin setting written as ``{ "$env" = "NAME" }`` is read from the environment variable NAME,
and is redacted wherever settings are shown.
"""

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from core.auth.settings import AuthSchema, default_auth
from core.crypto import ENV_KEYS, BadKey, parse_keys
from core.conversations.settings import ConversationsSchema
from core.victims.settings import CareLogSettingsSchema
from core.victims.settings import default_settings as default_care_log_settings
from core.working_days import CalendarSchema

DEFAULT_CONFIG_NAME = "mad.toml"
REDACTED = "***"


class ConfigError(Exception):
    """The force configuration cannot be used; the message says what to change."""


class ForceSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    phone = fields.String(load_default="101", validate=validate.Length(min=3, max=30))
    districts = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    default_locale = fields.String(load_default="en")
    locales = fields.List(fields.String(), load_default=lambda: ["en", "cy"])
    crime_reference_pattern = fields.String(load_default=r"^[A-Z0-9][A-Z0-9/\-]{4,29}$")
    crime_reference_example = fields.String(load_default="06/123456/26")

    @validates("crime_reference_pattern")
    def _pattern_compiles(self, value, **kwargs):
        try:
            re.compile(value)
        except re.error as exc:
            raise ValidationError(f"not a valid regular expression: {exc}") from exc


class DispatcherSchema(Schema):
    # "embedded" (a thread in the web process) or "celery" (``mad worker`` processes); unset means
    # celery when MAD_BROKER_URL is set, else embedded. See README "Running at force scale".
    mode = fields.String(load_default=None, validate=validate.OneOf(["embedded", "celery"]))
    # Retry windows, not attempt counts (core/messaging/retry.py): a temporary failure is retried
    # with a delay doubling from backoff_seconds up to backoff_max_seconds, shortened at random by up
    # to backoff_jitter of itself, until the item's window (from when it was stored) ends.
    max_attempts = fields.Raw(load_default=None)  # refused below with how to fix it
    backoff_seconds = fields.Float(load_default=2.0, validate=validate.Range(min=0, max=3600))
    backoff_max_seconds = fields.Float(load_default=600.0, validate=validate.Range(min=0, max=86400))
    backoff_jitter = fields.Float(load_default=0.2, validate=validate.Range(min=0, max=1))
    message_retry_hours = fields.Float(load_default=24.0, validate=validate.Range(
        min=0, min_inclusive=False, max=168, error="Must be more than 0 and at most 168 hours (7 days)."))
    records_retry_days = fields.Float(load_default=7.0, validate=validate.Range(
        min=0, min_inclusive=False, max=90, error="Must be more than 0 and at most 90 days."))
    poll_seconds = fields.Float(load_default=1.0, validate=validate.Range(min=0.01))
    lease_seconds = fields.Float(load_default=300.0, validate=validate.Range(min=1))
    # Records writes are idempotent by entry id, so their lease can be short: a killed worker's
    # writes go back to pending this long after its batch last renewed them.
    records_lease_seconds = fields.Float(load_default=45.0, validate=validate.Range(min=1, max=3600))
    # Celery mode: how often the sweeper runs, the broker queue this instance uses (one per force
    # when forces share a broker), and how many tasks a worker thread reserves ahead.
    sweep_seconds = fields.Float(load_default=5.0, validate=validate.Range(min=0.1))
    queue = fields.String(load_default="mad", validate=validate.Regexp(r"^[A-Za-z0-9_.\-]{1,100}$"))
    prefetch = fields.Integer(load_default=4, validate=validate.Range(min=1, max=1000))

    @validates("max_attempts")
    def _no_attempt_count(self, value, **kwargs):
        if value is not None:
            raise ValidationError(
                "no longer used: temporary failures are retried for a window of time, not a number of "
                "attempts. Remove max_attempts and, if the defaults do not suit, set message_retry_hours "
                "(default 24) and records_retry_days (default 7).")

    @validates_schema
    def _cap_not_below_start(self, data, **kwargs):
        if data.get("backoff_max_seconds", 600.0) < data.get("backoff_seconds", 2.0):
            raise ValidationError("must be at least backoff_seconds (the first delay)", "backoff_max_seconds")


class RetentionSchema(Schema):
    message_days = fields.Integer(load_default=365, validate=validate.Range(min=1))
    # The access audit (who looked at a victim's details) is kept longer than the details themselves.
    access_audit_days = fields.Integer(load_default=2190, validate=validate.Range(min=1))
    # An API Idempotency-Key is answered from its first request for this long, then forgotten.
    idempotency_key_hours = fields.Integer(load_default=24, validate=validate.Range(min=1, max=24 * 30))


class PartnerSchema(Schema):
    """``[partner]``: the force's commissioned victims' service (the ``partner`` role).

    ``name`` is how the chronology names it ("sent by <name>"); ``sender_name`` is the name its
    messages to victims go out under; ``email`` is where new referrals are announced (unset: in
    the toolkit's queue only).
    """

    name = fields.String(load_default="The commissioned victims' service", validate=validate.Length(min=1, max=120))
    sender_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=60))
    email = fields.Email(load_default=None, allow_none=True, error_messages={
        "invalid": "Enter the service's referrals email address, like referrals@example.org"})


class PluginsSchema(Schema):
    enabled = fields.List(fields.String(), load_default=list)


class ConfigSchema(Schema):
    secret_key_for_demo_only = fields.String(load_default=None, validate=validate.Length(min=32))
    encryption_keys_for_demo_only = fields.String(load_default=None)
    force = fields.Nested(ForceSchema, required=True)
    plugins = fields.Dict(load_default=dict)
    channels = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
    dispatcher = fields.Nested(DispatcherSchema, load_default=lambda: DispatcherSchema().load({}))
    retention = fields.Nested(RetentionSchema, load_default=lambda: RetentionSchema().load({}))
    calendar = fields.Nested(CalendarSchema, load_default=lambda: CalendarSchema().load({}))
    auth = fields.Nested(AuthSchema, load_default=default_auth)
    conversations = fields.Nested(ConversationsSchema, load_default=lambda: ConversationsSchema().load({}))
    care_log = fields.Nested(CareLogSettingsSchema, load_default=default_care_log_settings)
    partner = fields.Nested(PartnerSchema, load_default=lambda: PartnerSchema().load({}))


@dataclass
class ForceConfig:
    """The validated configuration of one force's instance."""

    instance_path: Path
    force: dict
    plugins_enabled: list
    plugin_tables: dict
    channels: dict
    dispatcher: dict
    retention: dict
    secret_key: str
    database_url: str
    broker_url: str | None = None
    calendar: dict | None = None
    auth: dict = field(default_factory=default_auth)
    encryption_keys: list = field(default_factory=list)
    conversations: dict | None = None
    testing: bool = False
    extra: dict = field(default_factory=dict)
    #: The ``[care_log]`` rules (core.victims.settings).
    care_log: dict = field(default_factory=default_care_log_settings)
    #: The ``[partner]`` settings: the commissioned victims' service's name, sender name and email.
    partner: dict = field(default_factory=lambda: PartnerSchema().load({}))

    def raw_plugin_settings(self, name):
        """Return plugin ``name``'s settings table with ``$env`` references resolved.

        Called by the plugin manager before validation; a missing variable stays None so that the
        plugin's schema reports it.
        """
        return resolve_env(self.plugin_tables.get(name, {}))

    def shown_plugin_settings(self, name):
        """Return plugin ``name``'s settings for display, with every ``$env`` value redacted."""
        return redact_env(self.plugin_tables.get(name, {}))


def resolve_env(value):
    """Replace every ``{"$env": "NAME"}`` inside ``value`` with that environment variable."""
    if isinstance(value, dict):
        if set(value) == {"$env"}:
            return os.environ.get(value["$env"])
        return {k: resolve_env(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_env(v) for v in value]
    return value


def redact_env(value):
    """Return ``value`` with every ``{"$env": ...}`` secret replaced by a redaction mark."""
    if isinstance(value, dict):
        if set(value) == {"$env"}:
            return REDACTED
        return {k: redact_env(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_env(v) for v in value]
    return value


def _flatten_errors(messages, prefix=""):
    for key, value in messages.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten_errors(value, path + ".")
        else:
            yield path, "; ".join(str(v) for v in value)


def parse_config(data, instance_path, environ=None, testing=False):
    """Validate configuration ``data`` (a dict as read from TOML) and apply the environment.

    Called by :func:`load_config` and by tests. Raises :class:`ConfigError` listing every bad key.
    """
    environ = os.environ if environ is None else environ
    try:
        loaded = ConfigSchema().load(data)
    except ValidationError as exc:
        lines = [f"  {path}: {msg}" for path, msg in _flatten_errors(exc.messages)]
        raise ConfigError("The force configuration has errors:\n" + "\n".join(lines)) from None
    instance_path = Path(instance_path)
    plugins = dict(loaded["plugins"])
    enabled = plugins.pop("enabled", [])
    if not isinstance(enabled, list) or not all(isinstance(n, str) for n in enabled):
        raise ConfigError("The force configuration has errors:\n  plugins.enabled: must be a list of plugin names")
    force = loaded["force"]
    if force["default_locale"] not in force["locales"]:
        raise ConfigError(
            "The force configuration has errors:\n  force.default_locale: "
            f"{force['default_locale']!r} must be one of force.locales {force['locales']}"
        )
    secret = environ.get("MAD_SECRET_KEY") or loaded["secret_key_for_demo_only"]
    if not secret:
        raise ConfigError(
            "MAD_SECRET_KEY is not set. Set it in the environment to a long random string "
            "(for example: export MAD_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))'))."
        )
    try:
        encryption_keys = parse_keys(environ.get(ENV_KEYS) or loaded["encryption_keys_for_demo_only"])
    except BadKey as exc:
        raise ConfigError(str(exc)) from None
    database_url = environ.get("MAD_DATABASE_URL") or f"sqlite:///{(instance_path / 'mad.sqlite3').resolve()}"
    broker_url = environ.get("MAD_BROKER_URL") or None
    dispatcher = dict(loaded["dispatcher"])
    dispatcher.pop("max_attempts", None)
    dispatcher["mode"] = dispatcher["mode"] or ("celery" if broker_url else "embedded")
    if dispatcher["mode"] == "celery" and not broker_url:
        raise ConfigError(
            "The force configuration has errors:\n  dispatcher.mode: \"celery\" needs a broker: set MAD_BROKER_URL "
            "(for example redis://127.0.0.1:6379/0 or amqp://user:password@host:5672//), or use mode = \"embedded\"."
        )
    return ForceConfig(
        instance_path=instance_path,
        force=force,
        plugins_enabled=enabled,
        plugin_tables=plugins,
        channels=loaded["channels"],
        dispatcher=dispatcher,
        retention=loaded["retention"],
        secret_key=secret,
        database_url=database_url,
        broker_url=broker_url,
        calendar=loaded["calendar"],
        auth=loaded["auth"],
        encryption_keys=encryption_keys,
        conversations=loaded["conversations"],
        testing=testing,
        care_log=loaded["care_log"],
        partner=loaded["partner"],
    )


def load_config(instance_path, environ=None):
    """Read and validate ``<instance_path>/mad.toml``.

    Called by the app factory. Raises :class:`ConfigError` with a message naming the file and
    every bad key.
    """
    path = Path(instance_path) / DEFAULT_CONFIG_NAME
    if not path.exists():
        raise ConfigError(f"No force configuration at {path}. Create one with: mad --instance {instance_path} init")
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    return parse_config(data, instance_path, environ=environ)
