"""The plugins' shared wording for secrets and loopback-only addresses (core.toolkit)."""

import pytest
from marshmallow import Schema, ValidationError, fields

from core.toolkit import is_loopback_host, secret_setting_messages
from plugins.sms_twilio.settings import SmsTwilioSettings


def test_a_missing_or_unset_secret_says_how_to_give_it_from_the_environment():
    class Settings(Schema):
        token = fields.String(required=True, allow_none=False, error_messages=secret_setting_messages("MAD_TOKEN"))

    for data in ({}, {"token": None}):
        with pytest.raises(ValidationError) as exc:
            Settings().load(data)
        assert exc.value.messages["token"] == ['is not set: give it as { "$env" = "MAD_TOKEN" } and set that '
                                             "environment variable (secrets never go in mad.toml)"]


def test_twilio_without_its_auth_token_names_the_variable_instead_of_crashing():
    with pytest.raises(ValidationError) as exc:
        SmsTwilioSettings().load({"account_sid": "AC" + "0" * 32, "from_number": "+447700900999"})
    assert '"$env" = "MAD_TWILIO_AUTH_TOKEN"' in exc.value.messages["auth_token"][0]


def test_loopback_hosts():
    assert all(is_loopback_host(h) for h in ("localhost", "127.0.0.1", "127.0.0.5", "::1", "[::1]"))
    assert not any(is_loopback_host(h) for h in ("", None, "mail.example.org", "192.0.2.1"))


@pytest.mark.parametrize(("host", "allowed"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                               ("smtp.example.org", False), ("192.0.2.10", False), (None, False)])
def test_plain_text_is_allowed_only_to_this_machine_in_one_wording(host, allowed):
    from core.toolkit import plain_text_only_here

    problem = plain_text_only_here("victims' messages", host)
    if allowed:
        assert problem is None
    else:
        assert problem == ("'none' would send victims' messages unencrypted: it is allowed only for a server on "
                           "this machine (localhost). Use 'tls' or 'starttls'")
