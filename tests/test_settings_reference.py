"""Every plugin setting is documented once, in its schema field, and ``mad plugins --settings`` prints it."""

from click.testing import CliRunner

from core.cli import main
from core.settings_reference import all_settings


def test_every_setting_of_every_shipped_plugin_has_a_description():
    rows = all_settings()
    assert {r.plugin for r in rows} >= {"directory_hsds", "email_smtp", "records_policeworks", "referral_encompass",
                                        "sms_twilio"}
    undocumented = [f"[plugins.{r.plugin}] {r.key}" for r in rows if not r.description]
    assert undocumented == []


def test_mad_plugins_settings_prints_each_setting_with_its_description():
    result = CliRunner().invoke(main, ["plugins", "--settings"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "[plugins.sms_twilio]" in result.output
    assert "lookup_delay_seconds (float, default 5.0): how long after an unanswered request" in result.output
    assert "auth_token (string, required):" in result.output
