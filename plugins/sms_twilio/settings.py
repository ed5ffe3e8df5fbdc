"""The ``[plugins.sms_twilio]`` settings, validated at start-up.

Example (the auth token always comes from the environment)::

    [plugins.sms_twilio]
    account_sid = "AC0123456789abcdef0123456789abcdef"
    auth_token = { "$env" = "MAD_TWILIO_AUTH_TOKEN" }
    messaging_service_sid = "MG0123456789abcdef0123456789abcdef"   # or from_number = "+447700900000"
    public_base_url = "https://mad.example.org"   # where Twilio posts delivery status
    messages_per_second = 10
"""

from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

SID = r"^{}[0-9a-fA-F]{{32}}$"
#: Where a plain-http public_base_url is allowed (a developer's machine).
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class SmsTwilioSettings(Schema):
    account_sid = fields.String(required=True, validate=validate.Regexp(
        SID.format("AC"), error="must be your Twilio Account SID: AC followed by 32 hexadecimal characters"))
    auth_token = fields.String(required=True, allow_none=False, validate=validate.Length(min=16), error_messages={
        "required": 'is required: set it from the environment, auth_token = { "$env" = "MAD_TWILIO_AUTH_TOKEN" }',
        "null": "the environment variable named in auth_token is not set"})
    messaging_service_sid = fields.String(load_default=None, validate=validate.Regexp(
        SID.format("MG"), error="must be a Messaging Service SID: MG followed by 32 hexadecimal characters"))
    from_number = fields.String(load_default=None, validate=validate.Regexp(
        r"^\+[1-9][0-9]{6,14}$", error="must be the sender number in E.164 form, like +447700900000"))
    public_base_url = fields.Url(load_default=None, schemes={"https", "http"}, require_tld=False, metadata={
        "description": "the toolkit's public address; Twilio posts delivery status to "
                       "<public_base_url>/callbacks/sms-twilio/status and victims' texts to "
                       "<public_base_url>/callbacks/sms-twilio/inbound"})
    messages_per_second = fields.Float(load_default=10.0, validate=validate.Range(min=0.1, max=10000))
    connect_timeout_seconds = fields.Float(load_default=5.0, validate=validate.Range(min=0.1, max=120))
    read_timeout_seconds = fields.Float(load_default=30.0, validate=validate.Range(min=0.1, max=300))
    lookup_delay_seconds = fields.Float(load_default=5.0, validate=validate.Range(min=0, max=300), metadata={
        "description": "how long after an unanswered request to wait before asking Twilio whether it has it"})
    api_base_url = fields.Url(load_default=None, schemes={"https", "http"}, require_tld=False, metadata={
        "description": "for testing and outbound proxies only: send Twilio API requests here instead of "
                       "https://api.twilio.com (paths and form fields are unchanged)"})

    @validates_schema
    def _one_sender(self, data, **kwargs):
        if bool(data.get("messaging_service_sid")) == bool(data.get("from_number")):
            raise ValidationError("set exactly one of messaging_service_sid (recommended) or from_number",
                                  field_name="messaging_service_sid")
        base = urlsplit(data.get("public_base_url") or "")
        if base.scheme == "http" and base.hostname not in LOOPBACK_HOSTS:
            raise ValidationError("must start with https:// (Twilio signs callbacks, but victims' delivery "
                                  "status should not cross the internet unencrypted)", field_name="public_base_url")
