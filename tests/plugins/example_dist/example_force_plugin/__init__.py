"""A force's own plugin, installed through the ``mad_toolkit`` entry-point group in the tests.

It adds a template of the force's own and takes one validated setting, importing only what a
real force plugin may import: ``core.hookimpl`` and ``core.toolkit``.
"""

from marshmallow import Schema, fields, validate

from core import hookimpl
from core.toolkit import MessageTemplate, Text


class Settings(Schema):
    team_name = fields.String(required=True, validate=validate.Length(min=2))
    team_phone = fields.String(load_default="0161 496 0999")


class ThankYouFields(Schema):
    officer_name = Text(80, required=True)


@hookimpl
def register_settings_schemas():
    return {"example_force": Settings}


@hookimpl
def register_templates(mad):
    settings = mad.plugin_settings("example_force")
    return [
        MessageTemplate(
            id="example_thank_you",
            title="Thank you for your statement",
            description=f"Sent by the {settings['team_name']}.",
            fields=ThankYouFields,
            sms="%(force_name)s: thank you for your statement. %(officer_name)s",
        )
    ]
