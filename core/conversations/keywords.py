"""What a reply asks for when it is a single keyword: STOP, START or HELP, in any configured language.

Like Twilio and GOV.UK Notify, a keyword counts only when it is the whole reply (give or take
spaces, case and final punctuation): "stop texting me at work" is a reply for the officer, not an
opt-out the victim did not ask for.
"""

import unicodedata

STOP, START, HELP = "stop", "start", "help"
#: Characters around a keyword that do not change it ("Stop!", "STOP.", "«توقف»").
TRIM = " \t\r\n.!?,;:'\"«»“”‘’()[]؟،۔"


def normalise(text):
    """``text`` folded for comparison: NFKC, case-folded, trimmed, inner spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text or "").casefold().strip(TRIM)
    return " ".join(folded.split())


def _words(settings, key, local_key):
    words = list(settings[key])
    for local in (settings.get(local_key) or {}).values():
        words.extend(local)
    return {normalise(w) for w in words}


def keyword(settings, text):
    """``stop``, ``start``, ``help`` or None for reply ``text`` under ``[conversations]`` ``settings``.

    Called by :func:`core.conversations.inbound.receive` for every reply.
    """
    said = normalise(text)
    if not said:
        return None
    if said in _words(settings, "stop_words", "local_stop_words"):
        return STOP
    if said in _words(settings, "start_words", "local_start_words"):
        return START
    if said in {normalise(w) for w in settings["help_words"]}:
        return HELP
    return None
