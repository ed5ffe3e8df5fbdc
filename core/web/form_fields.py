"""Turn a template's marshmallow schema into the inputs of the compose form."""

import re
from dataclasses import dataclass

from marshmallow import fields, validate


@dataclass(frozen=True)
class FormField:
    """One input: what it is called, how it is labelled and what it accepts."""

    name: str
    input_name: str
    label: str
    hint: str | None
    input_type: str
    required: bool
    options: tuple = ()
    max_length: int | None = None
    #: Filled from the force's directory entry (read-only on the form), e.g. a service's phone.
    from_directory: bool = False


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def option_label(sentence):
    """A pre-worded sentence as the officer picks it: its placeholders shown as "…"."""
    return PLACEHOLDER.sub("…", sentence)


def _input_type(field):
    if "choices" in field.metadata:
        return "select"
    if "input" in field.metadata:
        return field.metadata["input"]
    if isinstance(field, fields.Date):
        return "date"
    if isinstance(field, fields.Time):
        return "time"
    if isinstance(field, fields.Url):
        return "url"
    if isinstance(field, fields.Email):
        return "email"
    return "text"


def _max_length(field):
    for validator in field.validators:
        if isinstance(validator, validate.Length) and validator.max:
            return validator.max
    return None


def describe_fields(template, prefix, translate=None):
    """The inputs for ``template``'s fields, in schema order. Called by the compose page.

    ``translate(msgid)`` returns a pre-worded sentence in the officer's interface language (or
    None when it has no translation), so a Welsh-speaking officer picks from Welsh sentences.
    """
    translate = translate or (lambda msgid: None)
    described = []
    for name, field in template.fields().fields.items():
        choices = field.metadata.get("choices", {})
        described.append(
            FormField(
                name=name,
                input_name=prefix + name,
                label=field.metadata.get("label", name.replace("_", " ").capitalize()),
                hint=field.metadata.get("hint"),
                input_type=_input_type(field),
                required=field.required,
                options=tuple((value, option_label(translate(sentence) or sentence))
                              for value, sentence in choices.items()),
                max_length=_max_length(field),
                from_directory=bool(field.metadata.get("from_directory")),
            )
        )
    return described
