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


def test_the_readme_settings_tables_are_generated_from_the_schemas():
    from pathlib import Path

    from core.settings_reference import regenerate_blocks

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    regenerated, plugins = regenerate_blocks(readme)
    shipped = {p.parent.name for p in (Path(__file__).resolve().parents[1] / "plugins").glob("*/settings.py")}
    shipped |= {"directory_hsds"}  # the built-in feed reader (core/defaults)
    assert set(plugins) >= shipped, "every shipped plugin's settings are in the README"
    assert regenerated == readme, "run `mad plugins --settings --readme README.md` and commit the tables"
    assert "| `auth_token` | string | required | " in readme


def test_mad_plugins_settings_readme_rewrites_a_files_tables(tmp_path):
    page = tmp_path / "settings.md"
    page.write_text("# Twilio\n<!-- settings:sms_twilio -->\nold\n<!-- /settings:sms_twilio -->\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["plugins", "--settings", "--readme", str(page)], catch_exceptions=False)
    assert result.exit_code == 0 and "sms_twilio" in result.output
    text = page.read_text(encoding="utf-8")
    assert "old" not in text and "| `lookup_delay_seconds` | float | `5.0` | how long after" in text
