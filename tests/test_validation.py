"""Validation messages in plain words: marshmallow's defaults never reach a person."""


import pytest
from marshmallow import Schema, ValidationError, fields, validate

from core.defaults.templates import TEMPLATES
from core.messaging.templates import Choice, Text
from core.validation import is_library_message, plain_errors


class Example(Schema):
    officer_name = Text(80, required=True, metadata={"label": "Officer's name"})
    progress = Choice({"a": "A.", "b": "B."}, required=True, metadata={"label": "Progress"})
    hearing_date = fields.Date(required=True, metadata={"label": "First hearing date"})
    time = fields.Time(required=True, metadata={"label": "Time"})
    web = fields.Url(metadata={"label": "Service website"})
    email = fields.Email()
    note = fields.String(validate=validate.Length(max=5, error="Write at most 5 letters"))


def errors_for(data):
    with pytest.raises(ValidationError) as caught:
        Example().load(data)
    return plain_errors(Example(), caught.value.messages)


def test_missing_fields_say_what_to_enter_or_choose():
    errors = errors_for({})
    assert errors["officer_name"] == "Enter the officer's name"
    assert errors["progress"] == "Choose one of the options for “Progress”"
    assert errors["hearing_date"] == "Enter the first hearing date"


def test_bad_values_say_how_to_fix_them():
    errors = errors_for({"officer_name": "x" * 81, "progress": "c", "hearing_date": "31/02/2026", "time": "25:00",
                         "web": "not a site", "email": "nobody"})
    assert errors["officer_name"] == "Officer's name must be 80 characters or fewer"
    assert errors["progress"] == "Choose one of the options for “Progress”"
    assert errors["hearing_date"] == "Enter the first hearing date as a real date, like 14/03/2026"
    assert errors["time"] == "Enter the time as a time, like 14:30"
    assert errors["web"] == "Enter a web address starting https://, like https://www.example.org"
    assert errors["email"] == "Enter an email address, like name@example.org"


def test_a_schemas_own_message_is_kept():
    assert errors_for({"note": "toolong"})["note"] == "Write at most 5 letters"


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.id for t in TEMPLATES])
def test_no_built_in_template_lets_a_library_message_through(template):
    schema = template.fields()
    bad = {name: ("x" * 500 if isinstance(f, fields.String) else "nonsense") for name, f in schema.fields.items()}
    for data in ({}, bad):
        try:
            schema.load(data)
        except ValidationError as exc:
            for message in plain_errors(schema, exc.messages).values():
                assert not is_library_message(message), message
