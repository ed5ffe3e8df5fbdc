"""Built-in locales and the catalogues shipped in ``locales/``."""

from pathlib import Path

import locales
from core import hookimpl
from core.i18n import LocaleInfo, TranslationDir

#: English (the source), Welsh, Arabic, Urdu, Polish and Romanian. Every translation shipped in
#: ``locales/`` is a draft until a VSC records a native speaker's review (core.translations).
BUILTIN_LOCALES = ("en", "cy", "ar", "ur", "pl", "ro")


@hookimpl(trylast=True)
def register_locales():
    """The built-in locales: every built-in template is translated into each of them."""
    return [LocaleInfo(code) for code in BUILTIN_LOCALES]


@hookimpl(tryfirst=True)
def register_translation_dirs():
    """The project's own ``locales/`` folder, loaded first so plugins can override its wording."""
    return [TranslationDir(Path(locales.__file__).parent)]
