"""The ``[plugins.email_smtp]`` settings, validated at start-up.

Example (the password always comes from the environment)::

    [plugins.email_smtp]
    host = "smtp.example.org"
    security = "starttls"          # or "tls" (implicit TLS, port 465) or "none" (loopback only)
    username = "mad-toolkit"
    password = { "$env" = "MAD_SMTP_PASSWORD" }
    from_address = "victim-updates@example.org"
    from_name = "Testshire Police"
    reply_to = "victim-care@example.org"   # the team mailbox
    reply_to_officer = false                # true: replies go to the officer who sent it

    [plugins.email_smtp.imap]               # optional: read victims' replies from the team mailbox
    host = "imap.example.org"
    security = "tls"                        # or "starttls", or "none" (loopback only)
    username = "victim-care@example.org"
    password = { "$env" = "MAD_IMAP_PASSWORD" }
    folder = "INBOX"
"""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core.toolkit import plain_text_only_here, secret_setting_messages

SECURITY = ("starttls", "tls", "none")
IMAP_SECURITY = ("tls", "starttls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


class ImapSettings(Schema):
    """Where victims' email replies are read from (``reply_to`` should be this mailbox)."""

    host = fields.String(
        metadata={"description": "the IMAP server's host name, e.g. imap.example.org"},
        required=True, validate=validate.Length(min=1, max=253))
    port = fields.Integer(load_default=None, validate=validate.Range(min=1, max=65535), metadata={
        "description": "default 993 with tls, 143 otherwise"})
    security = fields.String(
        metadata={"description": 'tls (implicit TLS, port 993) or starttls; none only for a server on this machine'},
        load_default="tls", validate=validate.OneOf(
        IMAP_SECURITY, error="must be 'tls' (port 993), 'starttls' or 'none' (a server on this machine only)"))
    ca_file = fields.String(load_default=None, metadata={"description": "CA bundle for a force's internal mail server"})
    username = fields.String(
        metadata={"description": "the mailbox account victims' replies arrive in"},
        required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(
        metadata={"description": 'the mailbox password, from the environment: password = { "$env" = "MAD_IMAP_PASSWORD" }'},
        required=True, allow_none=False, error_messages=secret_setting_messages("MAD_IMAP_PASSWORD"))
    folder = fields.String(
        metadata={"description": 'the folder read for replies'},
        load_default="INBOX", validate=validate.Length(min=1, max=200))
    timeout_seconds = fields.Float(
        metadata={"description": 'how long one conversation with the IMAP server may take'},
        load_default=30.0, validate=validate.Range(min=0.1, max=300))

    @validates_schema
    def _encrypted(self, data, **kwargs):
        if data.get("security") == "none" and (
                problem := plain_text_only_here("the mailbox password and victims' replies", data.get("host"))):
            raise ValidationError(problem, field_name="security")


class EmailSmtpSettings(Schema):
    host = fields.String(
        metadata={"description": "the mail server's host name, e.g. smtp.example.org"},
        required=True, validate=validate.Length(min=1, max=253))
    port = fields.Integer(
        metadata={"description": "the mail server's port (default by security: 587 starttls, 465 tls, 25 none)"},
        load_default=None, validate=validate.Range(min=1, max=65535))
    security = fields.String(
        metadata={"description": 'starttls, tls (implicit TLS) or none (only for a server on this machine)'},
        load_default="starttls", validate=validate.OneOf(
        SECURITY, error="must be 'starttls', 'tls' (implicit TLS) or 'none' (a server on this machine only)"))
    ca_file = fields.String(load_default=None, metadata={"description": "CA bundle for a force's internal mail relay"})
    username = fields.String(
        metadata={"description": 'the account to sign in to the mail server with (leave out for an unauthenticated relay)'},
        load_default=None)
    password = fields.String(metadata={"description": 'the account\'s password, always from the environment: password = { "$env" = "MAD_SMTP_PASSWORD" }'}, load_default=None)
    from_address = fields.Email(
        metadata={"description": 'the address emails come from, e.g. victim-updates@example.org'},
        required=True)
    from_name = fields.String(
        metadata={"description": "the name shown beside the from address, e.g. the force's name"},
        load_default=None, validate=validate.Length(max=120))
    reply_to = fields.Email(
        metadata={"description": "where victims' replies go (a team mailbox)"},
        load_default=None)
    reply_to_name = fields.String(
        metadata={"description": 'the name shown beside the reply-to address'},
        load_default=None, validate=validate.Length(max=120))
    reply_to_officer = fields.Boolean(
        metadata={"description": 'true: replies go to the officer who sent the message instead of reply_to'},
        load_default=False)
    message_id_domain = fields.String(
        metadata={"description": "the domain in each email's Message-ID, e.g. mad.example.org"},
        load_default=None, validate=validate.Regexp(
        r"^[A-Za-z0-9.-]{1,253}$", error="must be a domain name like mad.example.org"))
    timeout_seconds = fields.Float(
        metadata={"description": 'how long one conversation with the mail server may take before it is retried'},
        load_default=30.0, validate=validate.Range(min=0.1, max=300))
    imap = fields.Nested(ImapSettings, load_default=None, metadata={
        "description": "the mailbox victims' replies arrive in, read every [conversations] fetch_seconds"})

    @validates_schema
    def _consistent(self, data, **kwargs):
        problems = {}
        if data.get("username") and not data.get("password"):
            problems["password"] = ["is required with a username: set it from the environment, "
                                    'password = { "$env" = "MAD_SMTP_PASSWORD" }, and check the variable is set']
        if data.get("security") == "none" and (
                problem := plain_text_only_here("victims' messages", data.get("host"))):
            problems["security"] = [problem]
        if data.get("security") == "none" and data.get("username"):
            problems.setdefault("security", []).append("a password is never sent without TLS: use 'starttls' or 'tls'")
        if problems:
            raise ValidationError(problems)
