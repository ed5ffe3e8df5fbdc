"""``mad translations coverage``: per language, strings translated, missing and still draft."""

import re

from click.testing import CliRunner

from core.cli import main
from core.defaults.conversations import TEMPLATES as CONVERSATION_TEMPLATES
from core.defaults.templates import TEMPLATES

TEMPLATE_STRINGS = len({m for t in TEMPLATES + CONVERSATION_TEMPLATES for m in t.msgids()})
ENV = {"MAD_SECRET_KEY": "k" * 40}


def run(*args):
    return CliRunner().invoke(main, list(args), env=ENV, catch_exceptions=False)


def _row(output, language, domain):
    """``(translated, total, missing, draft)`` from the coverage table's row for ``language`` and ``domain``."""
    match = re.search(rf"^{re.escape(language)}\s+{domain}\s+(\d+)/(\d+)\s+(\d+)\s+(\S+)$", output, re.M)
    assert match, output
    translated, total, missing, draft = match.groups()
    return int(translated), int(total), int(missing), draft


def test_coverage_counts_translated_missing_and_draft_per_language(tmp_path, monkeypatch):
    instance = str(tmp_path / "instance")
    assert run("--instance", instance, "init").exit_code == 0  # the demo configuration offers all six languages
    result = run("--instance", instance, "translations", "coverage")
    assert result.exit_code == 0, result.output
    for language in ("Welsh (cy)", "Arabic (ar)", "Urdu (ur)", "Polish (pl)", "Romanian (ro)"):
        # every sentence of every template is translated, and every one is still a draft
        assert _row(result.output, language, "templates") == (TEMPLATE_STRINGS, TEMPLATE_STRINGS, 0,
                                                             str(TEMPLATE_STRINGS))
    translated, total, missing, draft = _row(result.output, "Welsh (cy)", "messages")
    assert translated == total and missing == 0 and draft == "-"
    translated, total, missing, _ = _row(result.output, "Arabic (ar)", "messages")
    assert translated == 0 and missing == total > 100  # the interface is English and Welsh only

    from core import create_app
    from core.people import add_user
    from core.translations.review import set_status

    monkeypatch.setenv("MAD_SECRET_KEY", ENV["MAD_SECRET_KEY"])
    app = create_app(instance_path=instance)
    mad = app.extensions["mad"]
    with mad.session() as session:
        vsc = add_user(session, email="vsc@example.org", display_name="VSC Example", role="vsc",
                       password="a long enough password")
        set_status(mad, session, "ar", TEMPLATES[0].sms, "reviewed", vsc)
    mad.db.dispose()
    result = run("--instance", instance, "translations", "coverage")
    assert _row(result.output, "Arabic (ar)", "templates")[3] == str(TEMPLATE_STRINGS - 1)
    assert _row(result.output, "Urdu (ur)", "templates")[3] == str(TEMPLATE_STRINGS)
