"""The Babel workflow: two domains kept apart, identical strings honoured, the Welsh interface complete."""

import pytest
from babel.messages.pofile import read_po, write_po

from core.i18n import TEMPLATES_DOMAIN, UI_DOMAIN, CatalogueSet, TranslationDir, compile_catalogues
from core.translations.workflow import domain_configs, extract, extracted, project_root, update

SETUP_CFG = """
[extract_messages]
mapping_file = babel.cfg
output_file = locales/messages.pot
keywords = _ gettext N_

[extract_templates]
mapping_file = babel.cfg
output_file = locales/templates.pot
keywords = T_
"""
SOURCE = '''
from core.i18n import N_, T_
from flask_babel import gettext as _

TITLE = N_("Incident logged")
SMS = T_("%(force_name)s: your report %(log_number)s")
NAME = T_("Victim Support")

def view():
    return _("Sign in")
'''


@pytest.fixture
def checkout(tmp_path):
    """A small source checkout: setup.cfg, babel.cfg, one Python module and one Jinja template."""
    (tmp_path / "setup.cfg").write_text(SETUP_CFG)
    (tmp_path / "babel.cfg").write_text("[python: app/**.py]\n[jinja2: app/**.html]\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(SOURCE)
    (tmp_path / "app" / "page.html").write_text('<h1>{{ _("Check before sending") }}</h1>\n')
    return tmp_path


def _ids(path):
    with path.open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def test_interface_text_and_victims_wording_go_to_separate_catalogues(checkout):
    assert extract(checkout) == {UI_DOMAIN: 3, TEMPLATES_DOMAIN: 2}
    assert _ids(checkout / "locales" / "messages.pot") == {"Incident logged", "Sign in", "Check before sending"}
    assert _ids(checkout / "locales" / "templates.pot") == {"%(force_name)s: your report %(log_number)s",
                                                             "Victim Support"}


def test_a_copy_of_the_english_counts_only_when_flagged_identical_and_update_keeps_the_flag(checkout):
    extract(checkout)
    update(checkout, add=["cy"])
    po_path = checkout / "locales" / "cy" / "LC_MESSAGES" / "templates.po"
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale="cy")
    catalog["Victim Support"].string = "Victim Support"  # a service's name: meant to stay English
    catalog["Victim Support"].flags.add("identical")
    catalog["Victim Support"].user_comments = ["review: draft"]
    catalog["%(force_name)s: your report %(log_number)s"].string = "%(force_name)s: your report %(log_number)s"
    with po_path.open("wb") as fh:
        write_po(fh, catalog)

    update(checkout)  # a later extract/update must not lose the flag or the translator's comment
    with po_path.open("rb") as fh:
        kept = read_po(fh)["Victim Support"]
    assert "identical" in kept.flags and kept.user_comments == ["review: draft"]

    compiled, problems = compile_catalogues(checkout / "locales")
    assert compiled == 2 and problems == []  # cy: messages.po and templates.po
    catalogue = CatalogueSet([TranslationDir(checkout / "locales")], TEMPLATES_DOMAIN)
    assert catalogue.lookup("cy", "Victim Support") == "Victim Support"
    assert catalogue.lookup("cy", "%(force_name)s: your report %(log_number)s") is None  # unflagged copy: missing


def test_workflow_without_its_setup_cfg_section_says_what_is_missing(tmp_path):
    (tmp_path / "setup.cfg").write_text("[extract_messages]\nmapping_file = babel.cfg\noutput_file = x.pot\n")
    from core.translations.workflow import WorkflowError

    with pytest.raises(WorkflowError, match=r"no \[extract_templates\] section"):
        domain_configs(tmp_path)


def test_every_interface_string_in_the_sources_has_a_welsh_translation():
    root = project_root()
    config = next(c for c in domain_configs(root) if c.domain == UI_DOMAIN)
    source_ids = [m.id for m in extracted(root, config) if m.id]
    catalogue = CatalogueSet([TranslationDir(root / "locales")], UI_DOMAIN)
    missing = [m for m in source_ids if catalogue.lookup("cy", m) is None]
    assert missing == [], f"{len(missing)} interface strings lack Welsh: run `mad translations extract` and " \
                          f"`update`, then translate them in locales/cy/LC_MESSAGES/messages.po"


def test_victims_wording_is_never_in_the_interface_catalogue():
    root = project_root()
    configs = {c.domain: c for c in domain_configs(root)}
    wording = {m.id for m in extracted(root, configs[TEMPLATES_DOMAIN]) if m.id}
    interface = {m.id for m in extracted(root, configs[UI_DOMAIN]) if m.id}
    assert wording and not wording & interface
