"""A force's plugin package adds Somali and a message of its own, installed through its entry point."""

import ast
import shutil
from pathlib import Path

import pytest

from core.i18n import compile_catalogues
from tests.helpers import SMS_UPDATE, preview

SOMALI_DIST = Path(__file__).parent / "somali_dist"


@pytest.fixture
def somali_installed(monkeypatch, tmp_path):
    """Install the Somali pack as pip would: a copy on sys.path, its catalogue compiled by the install step."""
    dist = tmp_path / "site-packages"
    shutil.copytree(SOMALI_DIST, dist)
    assert compile_catalogues(dist / "somali_pack" / "locales") == (1, [])
    monkeypatch.syspath_prepend(str(dist))
    monkeypatch.delitem(__import__("sys").modules, "somali_pack", raising=False)
    return dist


def test_the_pack_imports_only_the_plugin_surface():
    tree = ast.parse((SOMALI_DIST / "somali_pack" / "__init__.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {m for m in imported if m.startswith("core")} == {"core", "core.toolkit"}


def test_installed_somali_pack_adds_the_language_and_its_own_message(somali_installed, make_mad_app, signed_in):
    app = make_mad_app(enabled=["somali_pack"], locales=["en", "cy", "so"])
    mad = app.extensions["mad"]
    assert "somali_pack" in [p["name"] for p in mad.describe_plugins()]
    assert mad.locale("so").english_name == "Somali" and mad.locale("so").direction == "ltr"
    client, _ = signed_in(app)

    compose = client.get("/updates/new/crime_reference_assigned").get_data(as_text=True)
    assert '<option value="so" lang="so">Soomaali (Somali)</option>' in compose
    page = preview(client, "crime_reference_assigned", {**SMS_UPDATE, "locale": "so"}).get_data(as_text=True)
    assert "lambarka tixraaca dembigaaga waa 06/123456/26" in page
    assert "your crime reference is 06/123456/26" in page  # the English meaning beside it
    assert "will be sent in English" not in page
    assert "This translation is a draft" in page

    own = {**SMS_UPDATE, "locale": "so", "field__station": "Northtown Police Station"}
    own.pop("field__officer_name")
    page = preview(client, "property_ready", own).get_data(as_text=True)
    assert "hantidaada waa diyaar, waxaad ka qaadan kartaa Northtown Police Station" in page

    # the core messages the pack does not translate go in English, and the officer is told
    page = preview(client, "incident_logged", {**SMS_UPDATE, "locale": "so", "field__log_number": "1234 22/11",
                                               "field__next_contact": "within_24_hours"}).get_data(as_text=True)
    assert "will be sent in English" in page


def test_vscs_see_the_packs_language_and_message_on_the_translations_page(somali_installed, make_mad_app, signed_in):
    app = make_mad_app(enabled=["somali_pack"], locales=["en", "cy", "so"])
    client, _ = signed_in(app, role="vsc")
    page = client.get("/translations/").get_data(as_text=True)
    assert ">Somali<" in page and "Property ready to collect" in page
    cell = page.split('data-cell="property_ready-so"', 1)[1].split("</td>", 1)[0]
    assert "3 draft" in cell
    cell = page.split('data-cell="property_ready-cy"', 1)[1].split("</td>", 1)[0]
    assert "3 missing" in cell


def test_not_enabled_the_pack_adds_nothing(somali_installed, make_mad_app):
    mad = make_mad_app().extensions["mad"]
    assert "property_ready" not in mad.templates
