"""The force configuration: validated with every problem named, secrets from the environment."""

import pytest

from core.config import REDACTED, ConfigError, load_config, parse_config
from core.instance import write_instance
from core.testing import base_config

ENV = {"MAD_SECRET_KEY": "k" * 40}


def test_a_written_instance_loads_with_sqlite_inside_the_instance(tmp_path):
    write_instance(tmp_path, force_name="Northshire Police")
    config = load_config(tmp_path, environ=ENV)
    assert config.force["name"] == "Northshire Police"
    assert config.database_url == f"sqlite:///{(tmp_path / 'mad.sqlite3').resolve()}"
    assert config.plugins_enabled == [] and config.force["locales"] == ["en", "cy", "ar", "ur", "pl", "ro"]


def test_environment_overrides_database_and_broker(tmp_path):
    write_instance(tmp_path)
    config = load_config(tmp_path, environ={**ENV, "MAD_DATABASE_URL": "postgresql+psycopg://db/mad",
                                            "MAD_BROKER_URL": "redis://127.0.0.1:6379/0"})
    assert config.database_url == "postgresql+psycopg://db/mad"
    assert config.broker_url == "redis://127.0.0.1:6379/0"


def test_without_a_secret_key_start_up_says_how_to_set_one(tmp_path):
    write_instance(tmp_path)
    with pytest.raises(ConfigError, match="MAD_SECRET_KEY is not set"):
        load_config(tmp_path, environ={})


def test_every_bad_key_is_listed(tmp_path):
    data = base_config(name="", crime_reference_pattern="([")
    data["dispatcher"]["message_retry_hours"] = 0
    with pytest.raises(ConfigError) as error:
        parse_config(data, tmp_path, environ=ENV)
    message = str(error.value)
    assert "force.name: Length must be between 1 and 120." in message
    assert "force.crime_reference_pattern: not a valid regular expression" in message
    assert "dispatcher.message_retry_hours: Must be more than 0 and at most 168 hours (7 days)." in message


def test_retry_window_defaults_and_their_checks(tmp_path):
    dispatcher = parse_config(base_config(), tmp_path, environ=ENV).dispatcher
    assert (dispatcher["message_retry_hours"], dispatcher["records_retry_days"]) == (24.0, 7.0)
    assert (dispatcher["backoff_max_seconds"], dispatcher["backoff_jitter"]) == (600.0, 0.2)
    assert "max_attempts" not in dispatcher
    data = base_config()
    data["dispatcher"].update(records_retry_days=91, backoff_jitter=1.5, backoff_seconds=30, backoff_max_seconds=10)
    with pytest.raises(ConfigError) as error:
        parse_config(data, tmp_path, environ=ENV)
    message = str(error.value)
    assert "dispatcher.records_retry_days: Must be more than 0 and at most 90 days." in message
    assert "dispatcher.backoff_jitter: Must be greater than or equal to 0 and less than or equal to 1." in message


def test_an_attempt_count_is_refused_with_how_to_fix_it(tmp_path):
    data = base_config()
    data["dispatcher"]["max_attempts"] = 6
    with pytest.raises(ConfigError, match="dispatcher.max_attempts: no longer used: temporary failures are retried "
                                          "for a window of time, not a number of attempts. Remove max_attempts"):
        parse_config(data, tmp_path, environ=ENV)


def test_the_backoff_ceiling_cannot_be_below_the_first_delay(tmp_path):
    data = base_config()
    data["dispatcher"].update(backoff_seconds=30, backoff_max_seconds=10)
    with pytest.raises(ConfigError, match="dispatcher.backoff_max_seconds: must be at least backoff_seconds"):
        parse_config(data, tmp_path, environ=ENV)


def test_default_locale_must_be_offered(tmp_path):
    with pytest.raises(ConfigError, match="force.default_locale: 'ar' must be one of force.locales"):
        parse_config(base_config(default_locale="ar"), tmp_path, environ=ENV)


def test_missing_file_and_bad_toml_are_explained(tmp_path):
    with pytest.raises(ConfigError, match="No force configuration at"):
        load_config(tmp_path, environ=ENV)
    (tmp_path / "mad.toml").write_text("[force\nname = 1")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_config(tmp_path, environ=ENV)


def test_env_secrets_are_resolved_for_plugins_and_redacted_for_display(tmp_path):
    data = base_config()
    data["plugins"]["sms_twilio"] = {"auth_token": {"$env": "TWILIO_TOKEN"}, "sender": "MaD"}
    config = parse_config(data, tmp_path, environ=ENV)
    import os

    os.environ["TWILIO_TOKEN"] = "s3cret"
    try:
        assert config.raw_plugin_settings("sms_twilio") == {"auth_token": "s3cret", "sender": "MaD"}
        assert config.shown_plugin_settings("sms_twilio") == {"auth_token": REDACTED, "sender": "MaD"}
    finally:
        del os.environ["TWILIO_TOKEN"]


def test_the_commissioned_service_has_a_name_by_default_and_a_bad_referrals_address_is_explained(tmp_path):
    env = {"MAD_SECRET_KEY": "x" * 40}
    assert parse_config(base_config(), tmp_path, environ=env).partner == {
        "name": "The commissioned victims' service", "sender_name": None, "email": None}
    with pytest.raises(ConfigError, match=r"partner.email: Enter the service's referrals email address"):
        parse_config({**base_config(), "partner": {"email": "referrals at example.org"}}, tmp_path, environ=env)
