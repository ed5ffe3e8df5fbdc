"""A force's plugin adds a language (Portuguese here) through the translations hooks alone."""

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from core import hookimpl
from core.i18n import LocaleInfo, TranslationDir, compile_catalogues
from tests.helpers import SMS_UPDATE, preview

ENGLISH = ("%(force_name)s: your crime reference is %(crime_reference)s. The officer dealing with it is "
           "%(officer_name)s. Quote the reference when you call %(force_phone)s.")
PORTUGUESE = ("%(force_name)s: a referência do seu crime é %(crime_reference)s. O agente responsável é "
              "%(officer_name)s. Indique a referência quando ligar para %(force_phone)s.")


class PortuguesePlugin:
    name = "portuguese_pack"

    def __init__(self, directory):
        self.directory = directory

    @hookimpl
    def register_locales(self):
        return [LocaleInfo("pt")]

    @hookimpl
    def register_translation_dirs(self):
        return [TranslationDir(self.directory)]


def test_register_locales_and_register_translation_dirs_add_a_language_to_the_preview(make_mad_app, signed_in, tmp_path):
    catalogue_dir = tmp_path / "portuguese"
    (catalogue_dir / "pt" / "LC_MESSAGES").mkdir(parents=True)
    catalog = Catalog(locale="pt", domain="templates")
    catalog.add(ENGLISH, PORTUGUESE, flags=["python-format"])
    with (catalogue_dir / "pt" / "LC_MESSAGES" / "templates.po").open("wb") as fh:
        write_po(fh, catalog)
    assert compile_catalogues(catalogue_dir) == (1, [])

    app = make_mad_app(plugins=[PortuguesePlugin(catalogue_dir)], locales=["en", "cy", "pt"])
    client, _ = signed_in(app)
    page = preview(client, "crime_reference_assigned", {**SMS_UPDATE, "locale": "pt"}).get_data(as_text=True)
    assert "a referência do seu crime é 06/123456/26" in page
    assert "UCS-2" in page  # "ê" is not in the GSM alphabet
    assert "will be sent in English" not in page

    # a template the plugin did not translate falls back to English, and the officer is told
    page = preview(client, "incident_logged", {**SMS_UPDATE, "locale": "pt", "field__log_number": "1234 22/11",
                                                "field__next_contact": "within_24_hours"}).get_data(as_text=True)
    assert "will be sent in English" in page
