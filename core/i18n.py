"""Locales and gettext catalogues shared by the interface and the message templates.

Two gettext domains: ``messages`` for the interface (Flask-Babel) and ``templates`` for the
wording of messages sent to victims. Catalogue directories come from the translations hook, so a
force's plugin can add a locale or override wording without touching the core.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.support import NullTranslations, Translations

UI_DOMAIN = "messages"
TEMPLATES_DOMAIN = "templates"
SOURCE_LOCALE = "en"


#: The flag a catalogue entry carries when its translation is meant to equal the English
#: (a name, a number): ``#, identical``. Without it such an entry counts as missing.
IDENTICAL_FLAG = "identical"


def N_(message):
    """Mark interface text (a title, a label) for the ``messages`` domain; translated when shown."""
    return message


def T_(message):
    """Mark wording sent to victims for the ``templates`` domain; translated when rendered.

    Template authors wrap every SMS, email subject/body and choice sentence in ``T_`` so that
    ``mad translations extract`` puts it in ``templates.pot`` and not in the interface's catalogue.
    """
    return message


def counts_as_translated(message):
    """True when a catalogue entry really translates its msgid.

    Called when catalogues are compiled and by ``mad translations coverage``. Empty and fuzzy
    entries do not count, nor does a copy of the English unless it is flagged ``identical``.
    """
    if not message.id or not message.string or message.fuzzy:
        return False
    if message.string == message.id and IDENTICAL_FLAG not in message.flags:
        return False
    return True


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

    def has_catalogue(self, locale_code):
        """True when some catalogue directory holds this domain for ``locale_code``."""
        return isinstance(self.translations(locale_code), Translations)

    def lookup(self, locale_code, msgid):
        """Return the translation of ``msgid`` in ``locale_code``, or None when it has none.

        ``msgid`` is a string, or a ``(singular, plural)`` pair for which the first form is returned.

        A compiled catalogue holds only real translations (see :func:`compile_catalogues`), so an
        entry that is present counts, even when it equals the English because it is flagged
        ``identical``.
        """
        if locale_code == SOURCE_LOCALE:
            return msgid
        catalog = getattr(self.translations(locale_code), "_catalog", {})
        if isinstance(msgid, tuple):  # (singular, plural): gettext keys plural forms by (singular, index)
            return catalog.get((msgid[0], 0))
        return catalog.get(msgid)


def compile_catalogues(directory=None):
    """Compile every ``.po`` under ``directory`` (default ``locales/``) to ``.mo`` with Babel.

    Called by ``mad translations compile`` (and so by the install). Returns
    ``(count, problems)``. Fuzzy entries are left out, as gettext does, and so are copies of the
    English not flagged ``identical`` (:func:`counts_as_translated`): such a string is missing,
    and the message falls back to English, whole.
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
        for message in list(catalog):
            if message.id and not counts_as_translated(message):
                del catalog[message.id]
        # Written beside, then moved into place: a process reading the catalogue meanwhile (another
        # test worker, a running app) sees the old file or the new one, never half of one.
        mo_path = po_path.with_suffix(".mo")
        partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.partial")
        with partial.open("wb") as fh:
            write_mo(fh, catalog)
        os.replace(partial, mo_path)
        count += 1
    return count, problems
