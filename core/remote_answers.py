"""Remote answers are data, not text to trust: a code and a short checked reason.

A records system's fault text, an SMTP server's reply or a gateway's error comes from outside and
may echo what it was sent (a victim's words, number or address). Before anything a remote system
said is stored or shown, channel and records-writer plugins reduce it with :func:`reduce_answer`:
the code is kept only if it looks like a code, and the remote's own words only if they pass
:class:`RemoteAnswerSchema` (short, plain letters and punctuation: no digits, addresses, markup or
other scripts) and share no run of three words with the message or entry that was sent.
Re-exported from :mod:`core.toolkit`.
"""

import re
from dataclasses import dataclass

from marshmallow import Schema, ValidationError, fields, validate, validates

#: The longest remote reason kept, in characters and in words.
REASON_MAX_CHARS = 80
REASON_MAX_WORDS = 12
#: A code: letters, digits and a little punctuation, as protocols write them (``Server``, ``4.2.1``, ``21211``).
CODE = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._:/\-]{0,39}\Z", error="not a code")
#: Plain words only: no digits (numbers, references, dates), no @ (addresses), no <> (markup), no other script.
PLAIN_WORDS = re.compile(r"^[A-Za-z][A-Za-z ,.;:'()\-]*\Z")
WORD = re.compile(r"[a-z']+")


class RemoteAnswerSchema(Schema):
    """What may be kept of a remote answer: a code that looks like a code, a reason in a few plain words."""

    code = fields.String(allow_none=True, load_default=None, validate=CODE)
    reason = fields.String(allow_none=True, load_default=None,
                           validate=validate.Length(max=REASON_MAX_CHARS, error="too long"))

    @validates("reason")
    def _plain_words(self, value, **kwargs):
        if value is None:
            return
        if not PLAIN_WORDS.match(value):
            raise ValidationError("not plain words")
        if len(WORD.findall(value.lower())) > REASON_MAX_WORDS:
            raise ValidationError("too many words")


SCHEMA = RemoteAnswerSchema()


def _triples(text):
    words = WORD.findall((text or "").lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def repeats(reason, private):
    """True when ``reason`` shares a run of three words with any text of ``private``."""
    said = _triples(reason)
    return any(said & _triples(text) for text in private)


@dataclass(frozen=True)
class RemoteAnswer:
    """A remote answer reduced: ``code`` and ``reason`` are None when what came did not pass the checks."""

    code: str | None
    reason: str | None
    #: True when the remote said more than was kept.
    cut: bool = False

    def __str__(self):
        """``code: reason``, or whichever is kept, or a sentence saying nothing readable came."""
        if self.code and self.reason:
            return f"{self.code}: {self.reason}"
        if self.code or self.reason:
            return self.code or self.reason
        return "no readable code or reason"

    def describe(self):
        """For a reason shown to officers and admins: :meth:`__str__`, noting when words were left out."""
        return f"{self}{' (its other words were left out)' if self.cut else ''}"


def reduce_answer(code, text=None, private=()):
    """Reduce what a remote system answered to a :class:`RemoteAnswer`.

    Called by channel and records-writer plugins before they put a remote's code or words in a
    reason. ``code``: the protocol's code (any type; kept as text if it passes); ``text``: the
    remote's own words; ``private``: the texts that were sent (message body, entry text,
    recipient), which the kept reason must not repeat. Never raises.
    """
    code = None if code is None else str(code).strip()
    text = None if text is None else " ".join(str(text).split())
    kept = {}
    for name, value in (("code", code), ("reason", text)):
        if value:
            try:
                kept[name] = SCHEMA.load({name: value})[name]
            except ValidationError:
                kept[name] = None
    if kept.get("reason") and repeats(kept["reason"], [p for p in private if p]):
        kept["reason"] = None
    return RemoteAnswer(kept.get("code"), kept.get("reason"), cut=bool(text) and kept.get("reason") is None)
