"""Whether a reply may need an interpreter, and in which language, without sending it anywhere.

Victims' words are never sent to an outside translation service. The toolkit knows the language
it writes to the victim in, and can see the script a reply is written in (from the Unicode
character database); that is enough to tell the officer to ask a VSC or the force's interpreting
service.
"""

import unicodedata

#: Scripts and the language codes that use them, for naming a reply's language.
_SCRIPT_LANGUAGES = {"ARABIC": ("ar", "ur"), "LATIN": ("en", "cy", "pl", "ro")}


def script_of(text):
    """The Unicode script most letters of ``text`` are written in (``LATIN``, ``ARABIC``, ...), or None."""
    counts = {}
    for char in text or "":
        if char.isalpha():
            name = unicodedata.name(char, "")
            script = name.split(" ", 1)[0] if name else ""
            if script:
                counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.get) if counts else None


def reply_language(text, message_locale):
    """The language code (or script name) to mention in the interpreting note, or None for English.

    Called by :func:`core.conversations.inbound.receive`. ``message_locale`` is the language the
    matched message was sent in. A reply in a non-Latin script is named after the victim's
    language when that script fits it (Arabic script and an Urdu message: ``ur``), else after the
    script; a reply in Latin script is taken to be in the victim's language when that is not
    English (an officer can tell English at a glance).
    """
    script = script_of(text)
    locale = message_locale or "en"
    if script is None:
        return None if locale == "en" else locale
    if script == "LATIN":
        return None if locale == "en" or locale not in _SCRIPT_LANGUAGES["LATIN"] else locale
    codes = _SCRIPT_LANGUAGES.get(script, ())
    if locale in codes:
        return locale
    return codes[0] if codes else script.title()
