"""A force's language pack: Somali, and a message of the force's own, without touching the core.

Installed through the ``mad_toolkit`` entry-point group in the tests. It imports only what a real
force plugin may import (``core.hookimpl`` and ``core.toolkit``) and ships its own catalogue in
``locales/so/LC_MESSAGES/templates.po`` (compiled when the plugin is installed).
"""

from pathlib import Path

from marshmallow import Schema

from core import hookimpl
from core.toolkit import N_, T_, LocaleInfo, MessageTemplate, Text, TranslationDir


class PropertyReadyFields(Schema):
    station = Text(80, required=True, metadata={"label": N_("Police station")})


PROPERTY_READY = MessageTemplate(
    id="property_ready",
    title=N_("Property ready to collect"),
    description=N_("Tells the victim their property can be collected."),
    fields=PropertyReadyFields,
    sms=T_("%(force_name)s, crime %(crime_reference)s: your property is ready to collect from %(station)s. "
           "Bring photo ID. Call %(force_phone)s."),
    email_subject=T_("%(force_name)s: your property is ready (crime %(crime_reference)s)"),
    email_body=T_("Your property from crime %(crime_reference)s is ready to collect from %(station)s.\n\n"
                  "Please bring photo ID. If you have questions, call %(force_phone)s."),
)


@hookimpl
def register_locales():
    return [LocaleInfo("so")]


@hookimpl
def register_translation_dirs():
    return [TranslationDir(Path(__file__).parent / "locales")]


@hookimpl
def register_templates(mad):
    return [PROPERTY_READY]
