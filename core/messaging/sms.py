"""SMS length, encoding and segment count, counted exactly as a handset network does.

A text goes as GSM-7 (the GSM 03.38 default alphabet) when every character is in the basic set
or its extension table; otherwise the whole text goes as UCS-2. GSM-7 fits 160 septets in one
message and 153 per part once it is split (the user-data header takes 7); each extension
character (``^{}\\[~]|€`` and form feed) costs two septets because it is sent as ESC + char, and
an ESC pair is never split across parts. UCS-2 fits 70 UTF-16 code units in one message and 67
per part; a character outside the Basic Multilingual Plane (an emoji) is two code units, and a
surrogate pair is never split. That is why lengths here are counted in septets and UTF-16 code
units, not in Python characters.
"""

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
) - {"\x1b"}
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7 = "GSM-7"
UCS2 = "UCS-2"
LIMITS = {GSM7: (160, 153), UCS2: (70, 67)}


@dataclass(frozen=True)
class SmsInfo:
    """What an officer sees under an SMS preview."""

    characters: int
    encoding: str
    units: int
    segments: int
    #: Units still free in the last segment before another part is needed.
    remaining: int


def encoding_for(text):
    """Return ``"GSM-7"`` if every character of ``text`` is in the GSM 03.38 alphabet, else ``"UCS-2"``."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        return GSM7
    return UCS2


def _costs(text, encoding):
    if encoding == GSM7:
        return [2 if c in GSM7_EXTENSION else 1 for c in text]
    return [2 if ord(c) > 0xFFFF else 1 for c in text]


def _pack(costs, per_part):
    """Count parts when characters of the given costs are packed without splitting any one."""
    parts, used = 1, 0
    for cost in costs:
        if used + cost > per_part:
            parts, used = parts + 1, 0
        used += cost
    return parts, used


def sms_info(text):
    """Return the :class:`SmsInfo` of ``text``: characters, encoding, units and segment count.

    Called by the SMS preview and stored with each message.
    """
    encoding = encoding_for(text)
    costs = _costs(text, encoding)
    units = sum(costs)
    single, per_part = LIMITS[encoding]
    if units <= single:
        return SmsInfo(len(text), encoding, units, 1 if units else 0, single - units)
    parts, used = _pack(costs, per_part)
    return SmsInfo(len(text), encoding, units, parts, per_part - used)
