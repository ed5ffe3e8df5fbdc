"""Built-in conversations plugin: the messages the toolkit sends itself, and the satisfaction trigger.

Registers the satisfaction check, its follow-up question and the HELP answer: templates not
offered to officers, sent by :mod:`core.conversations` itself.
"""

from marshmallow import Schema

from core import hookimpl
from core.conversations.inbound import HELP_TEMPLATE
from core.conversations.satisfaction import CHECK_TEMPLATE, FOLLOW_UP_TEMPLATE
from core.i18n import N_, T_
from core.toolkit import MessageTemplate


class NoFields(Schema):
    """These messages need nothing from an officer."""


TEMPLATES = [
    MessageTemplate(
        id=CHECK_TEMPLATE,
        title=N_("Satisfaction check"),
        description=N_("Sent by the toolkit after a crime is closed: how satisfied the victim is, 1 to 5."),
        fields=NoFields,
        sms=T_("%(force_name)s, crime %(crime_reference)s: how satisfied are you with how we dealt with your "
               "report? Reply 1 (very dissatisfied) to 5 (very satisfied)."),
        email_subject=T_("%(force_name)s: how did we do? (crime %(crime_reference)s)"),
        email_body=T_("How satisfied are you with how we dealt with your report of crime %(crime_reference)s?\n\n"
                      "Reply to this email with a number from 1 (very dissatisfied) to 5 (very satisfied)."),
        offered=False,
    ),
    MessageTemplate(
        id=FOLLOW_UP_TEMPLATE,
        title=N_("Satisfaction check: follow-up question"),
        description=N_("Sent by the toolkit after a victim answered the satisfaction check."),
        fields=NoFields,
        sms=T_("Thank you. What one thing could %(force_name)s have done better? Reply in your own words."),
        email_subject=T_("%(force_name)s: thank you"),
        email_body=T_("Thank you for your answer. What one thing could %(force_name)s have done better? "
                      "Reply to this email in your own words."),
        offered=False,
    ),
    MessageTemplate(
        id=HELP_TEMPLATE,
        title=N_("Answer to HELP"),
        description=N_("Sent by the toolkit when a victim texts HELP: the force's help text."),
        fields=NoFields,
        sms=T_("%(force_name)s: to talk about your report call %(force_phone)s, or 999 in an emergency. "
               "Reply STOP for no more texts."),
        offered=False,
    ),
]


@hookimpl
def register_templates(mad):
    """The satisfaction check, its follow-up and the HELP answer."""
    return TEMPLATES

