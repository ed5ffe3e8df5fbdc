"""The plugin's settings (``[plugins.records_policeworks]``), validated when the app starts."""

from marshmallow import Schema, ValidationError, fields, validate, validates

from core.toolkit import secret_setting_messages



class PoliceWorksSettingsSchema(Schema):
    """Where PoliceWorks is, how to sign in to it, how long to wait and whether to check references."""

    #: The SOAP endpoint, e.g. ``https://policeworks.example.org/records`` (the simulator prints its own).
    endpoint = fields.Url(
        metadata={"description": 'the PoliceWorks SOAP endpoint, e.g. https://policeworks.example.org/records'},
        required=True, schemes={"http", "https"}, require_tld=False)
    #: Where to read the WSDL; empty means the copy shipped with the plugin.
    wsdl = fields.String(
        metadata={"description": 'where to read the WSDL; empty means the copy shipped with the plugin'},
        load_default=None, allow_none=True)
    username = fields.String(
        metadata={"description": 'the PoliceWorks account, from the environment: username = { "$env" = "POLICEWORKS_USERNAME" }'},
        required=True, allow_none=False, validate=validate.Length(min=1),
                             error_messages=secret_setting_messages())
    password = fields.String(metadata={"description": 'the account\'s password, from the environment: password = { "$env" = "POLICEWORKS_PASSWORD" }'}, required=True, allow_none=False, validate=validate.Length(min=1),
                             error_messages=secret_setting_messages())
    #: Send the password as a WS-Security digest rather than as text.
    password_digest = fields.Boolean(
        metadata={"description": 'send the password as a WS-Security digest rather than as text'},
        load_default=False)
    connect_timeout_seconds = fields.Float(
        metadata={"description": 'how long to wait for PoliceWorks to accept a connection'},
        load_default=3.0, validate=validate.Range(min=0.1, max=60))
    #: How long a chronology write may take before it is retried (the entry id keeps it single).
    timeout_seconds = fields.Float(
        metadata={"description": 'how long a chronology write may take before it is retried (the entry id keeps it single)'},
        load_default=10.0, validate=validate.Range(min=0.1, max=300))
    #: How long an officer waits for the crime-exists check.
    lookup_timeout_seconds = fields.Float(
        metadata={"description": 'how long an officer waits for the crime-exists check'},
        load_default=3.0, validate=validate.Range(min=0.1, max=60))
    #: Ask PoliceWorks whether the crime exists before anything is stored.
    check_crime_exists = fields.Boolean(
        metadata={"description": 'ask PoliceWorks whether the crime exists before anything is stored'},
        load_default=True)
    #: When PoliceWorks cannot be reached for that check: send anyway (default) or refuse.
    allow_when_unreachable = fields.Boolean(
        metadata={"description": 'when PoliceWorks cannot be reached for that check: send anyway (true) or refuse (false)'},
        load_default=True)

    @validates("password")
    def _not_a_placeholder(self, value, **kwargs):
        if value.strip().lower() in ("changeme", "password"):
            raise ValidationError("is a placeholder: set the real password in the environment")
