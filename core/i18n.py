"""Locales and gettext catalogues shared by the interface and the message templates.

Two gettext domains: ``messages`` for the interface (Flask-Babel) and ``templates`` for the
wording of messages sent to victims. Catalogue directories come from the translations hook, so a
force's plugin can add a locale or override wording without touching the core.
"""

from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.support import NullTranslations, Translations

UI_DOMAIN = "messages"
TEMPLATES_DOMAIN = "templates"
SOURCE_LOCALE = "en"


def N_(message):
    """Mark ``message`` for extraction without translating it now (translated when rendered)."""
    return message


@dataclass(frozen=True)
class LocaleInfo:
    """A language victims' messages can be written in."""

    code: str

    @property
    def babel(self):
        return Locale.parse(self.code, sep="-" if "-" in self.code else "_")

    @property
    def english_name(self):
        """The language's name in English, e.g. ``Welsh``."""
        return self.babel.get_display_name("en")

    @property
    def native_name(self):
        """The language's name in itself, e.g. ``Cymraeg``."""
        return self.babel.get_display_name(self.babel)

    @property
    def direction(self):
        """``"rtl"`` for right-to-left scripts (Arabic, Urdu...), else ``"ltr"``."""
        return "rtl" if self.babel.character_order == "right-to-left" else "ltr"


@dataclass(frozen=True)
class TranslationDir:
    """A directory of ``<locale>/LC_MESSAGES/<domain>.mo`` catalogues contributed by a plugin."""

    path: Path
    domains: tuple = (UI_DOMAIN, TEMPLATES_DOMAIN)


def text_direction(locale_code):
    """Return ``"rtl"`` or ``"ltr"`` for ``locale_code``."""
    return LocaleInfo(locale_code).direction


class CatalogueSet:
    """Merged catalogues of one domain for every locale, loaded once and kept."""

    def __init__(self, dirs, domain):
        self.dirs = [Path(d.path) for d in dirs if domain in d.domains]
        self.domain = domain
        self._cache = {}

    def translations(self, locale_code):
        """Return the merged :class:`babel.support.Translations` for ``locale_code``."""
        if locale_code not in self._cache:
            merged = None
            for directory in self.dirs:
                loaded = Translations.load(str(directory), [locale_code], self.domain)
                if not isinstance(loaded, Translations):
                    continue
                if merged is None:
                    merged = loaded
                else:
                    merged.merge(loaded)
            self._cache[locale_code] = merged or NullTranslations()
        return self._cache[locale_code]

    def lookup(self, locale_code, msgid):
        """Return the translation of ``msgid`` in ``locale_code``, or None when it has none."""
        if locale_code == SOURCE_LOCALE:
            return msgid
        translated = self.translations(locale_code).gettext(msgid)
        return translated if translated != msgid else None


def compile_catalogues(directory=None):
    """Compile every ``.po`` under ``directory`` (default ``locales/``) to ``.mo`` with Babel.

    Called by ``mad translations compile`` (and so by the install). Returns
    ``(count, problems)``; fuzzy entries are left out, as gettext does.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    import locales

    directory = Path(directory or Path(locales.__file__).parent)
    count, problems = 0, []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parent.parent.name)
        for message, errors in catalog.check():
            for error in errors:
                problems.append(f"{po_path}: {message.id!r}: {error}")
        with po_path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)
        count += 1
    return count, problems
