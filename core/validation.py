"""Validation messages in the toolkit's own words: no library default ever reaches a person.

marshmallow's defaults ("Missing data for required field.", "Not a valid date.", "Longer than
maximum length 80.") say what is wrong but not how to fix it, and not which field. Every form and
import hands its ``ValidationError.messages`` to :func:`plain_errors`, which keeps the messages a
schema wrote itself and replaces the library's with ones that name the field and how to fix it.
"""

import re

from marshmallow import fields, validate

from core.i18n import N_
from core.labels import humanise, translate

#: marshmallow's own messages (with their {placeholders} made patterns), which never reach people.
_LIBRARY = [
    r"Missing data for required field\.", r"Field may not be null\.", r"Unknown field\.",
    r"Not a valid \w+( \w+)*\.", r"Invalid input type\.", r"Not a valid (date|time|datetime|email address|URL)\.",
    r"Shorter than minimum length \d+\.", r"Longer than maximum length \d+\.",
    r"Length must be between \d+ and \d+\.", r"Length must be \d+\.", r"Must be one of: .*\.",
    r"String does not match expected pattern\.", r"Must be (greater|less) than( or equal to)? .*\.",
    r"Invalid value\.", r"Cannot be formatted as .*\.", r"'.*' cannot be formatted as .*\.",
]
LIBRARY_MESSAGE = re.compile("^(" + "|".join(_LIBRARY) + ")$")


def is_library_message(message):
    """True when ``message`` is one of marshmallow's defaults (not written for people)."""
    return isinstance(message, str) and bool(LIBRARY_MESSAGE.match(message))


def _lower_first(text):
    return text[:1].lower() + text[1:] if text[1:2] != text[1:2].upper() or not text[1:2].isalpha() else text


def _is_choice(field):
    return "choices" in field.metadata or any(isinstance(v, validate.OneOf) for v in field.validators)


def _max_length(field):
    for validator in field.validators:
        if isinstance(validator, validate.Length) and validator.max:
            return validator.max
    return None


def field_label(field, name):
    """The field's label in words (its ``metadata["label"]``, translated), else its name as words."""
    if field is not None and field.metadata.get("label"):
        return translate(field.metadata["label"])
    return humanise(name)


def plain(field, name, message, label=None):
    """``message`` about ``field`` in plain words: the library's defaults replaced, others kept."""
    if not is_library_message(message):
        return message
    label = label or field_label(field, name)
    subject = _lower_first(label)
    if field is not None and isinstance(field, fields.List) and message.startswith(("Not a valid", "Invalid")):
        return translate(N_("Choose from the list for “%(label)s”")) % {"label": label}
    if message.startswith(("Missing data", "Field may not be null", "Shorter than minimum")):
        if field is not None and _is_choice(field):
            return translate(N_("Choose one of the options for “%(label)s”")) % {"label": label}
        return translate(N_("Enter the %(field)s")) % {"field": subject}
    if field is not None and isinstance(field, fields.Date):
        return translate(N_("Enter the %(field)s as a real date, like 14/03/2026")) % {"field": subject}
    if field is not None and isinstance(field, fields.Time):
        return translate(N_("Enter the %(field)s as a time, like 14:30")) % {"field": subject}
    if field is not None and isinstance(field, fields.Url) or message == "Not a valid URL.":
        return translate(N_("Enter a web address starting https://, like https://www.example.org"))
    if field is not None and isinstance(field, fields.Email) or message == "Not a valid email address.":
        return translate(N_("Enter an email address, like name@example.org"))
    if message.startswith(("Longer than", "Length must")) and field is not None and _max_length(field):
        return translate(N_("%(label)s must be %(max)s characters or fewer")) % {"label": label, "max": _max_length(field)}
    if message.startswith("Must be one of") or (field is not None and _is_choice(field)):
        return translate(N_("Choose one of the options for “%(label)s”")) % {"label": label}
    if message == "Unknown field.":
        return translate(N_("The form sent something it should not: open the page again and fill it in once more"))
    return translate(N_("Check the %(field)s: it is not in a form the toolkit understands")) % {"field": subject}


def _first(messages):
    while isinstance(messages, dict):  # a list field's errors are keyed by item number
        messages = next(iter(messages.values()), "")
    if isinstance(messages, (list, tuple)):
        return _first(messages[0]) if messages else ""
    return str(messages)


def plain_errors(schema, messages, labels=None, prefix=""):
    """``{prefix + field: one plain message}`` for a schema's ``ValidationError.messages``.

    Called by every form (web views and the messaging service) and by the importers. ``labels``
    names fields whose schema carries no ``label`` metadata.
    """
    labels = labels or {}
    schema_fields = getattr(schema, "fields", {}) or getattr(schema, "declared_fields", {})
    plain_messages = {}
    for name, found in messages.items():
        field = schema_fields.get(name)
        plain_messages[prefix + name] = plain(field, name, _first(found), labels.get(name))
    return plain_messages
