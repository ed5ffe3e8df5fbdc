"""Built-in locales and the catalogues shipped in ``locales/``."""

from pathlib import Path

import locales
from core import hookimpl
from core.i18n import LocaleInfo, TranslationDir

BUILTIN_LOCALES = ("en", "cy")


@hookimpl(trylast=True)
def register_locales():
    """English and Welsh."""
    return [LocaleInfo(code) for code in BUILTIN_LOCALES]


@hookimpl(tryfirst=True)
def register_translation_dirs():
    """The project's own ``locales/`` folder, loaded first so plugins can override its wording."""
    return [TranslationDir(Path(locales.__file__).parent)]
