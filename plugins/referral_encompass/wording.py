"""The words of the notification email and PDF: msgids in the ``templates`` domain, like messages.

A force rewords or translates them through its catalogues (``mad translations``); the email is a
message template the toolkit sends itself (``offered=False``: officers never pick it by hand).
"""

from marshmallow import Schema, fields

from core.toolkit import N_, T_, MessageTemplate

TEMPLATE_ID = "encompass_notification"

PRESENT = {"in_room": T_("Present: in the room during the incident"),
           "elsewhere": T_("Present: elsewhere in the home"),
           "not_home": T_("Not present: not at home")}
VOICE = {"not_spoken": T_("The children were not spoken to."),
         "alone": T_("The children were spoken to, with no other adult present."),
         "adult_present": T_("The children were spoken to, with another adult present.")}
EDUCATION_HOME = T_("Elective home education (no school)")
#: The PDF's headings and labels (labels end with a colon: the value follows on the same line).
PDF = {
    "title": T_("Operation Encompass: notification of a domestic abuse incident"),
    "intro": T_("%(force_name)s tells you about a domestic abuse incident so that you can support the child "
                "or children below from the start of the school day. Keep this information confidential and "
                "share it only as your safeguarding duties require."),
    "to": T_("For:"), "reference": T_("Police reference:"), "when": T_("Date and time of the incident:"),
    "where": T_("Location of the incident:"), "circumstances": T_("Brief circumstances:"),
    "children": T_("The children"), "dob": T_("Date of birth:"), "year": T_("Year group:"), "school": T_("School:"),
    "voice": T_("Voice of the child"), "other": T_("Other safeguarding information known to the police"),
    "officer": T_("Notifying officer:"), "due": T_("Please read before:"), "none": T_("None given."),
    "made": T_("Sent through the MaD Toolkit on %(made_at)s."),
}


class NotificationFields(Schema):
    recipient_name = fields.String(metadata={"label": N_("Recipient")})
    children_count = fields.Integer(metadata={"label": N_("Number of children")})
    incident_date = fields.Date(metadata={"label": N_("Date of the incident")})
    due = fields.String(metadata={"label": N_("Due before")})
    officer_name = fields.String(metadata={"label": N_("Notifying officer")})


NOTIFICATION = MessageTemplate(
    id=TEMPLATE_ID,
    title=N_("Operation Encompass notification"),
    description=N_("Sent to a school's designated safeguarding lead, or a local authority, with the PDF."),
    fields=NotificationFields,
    email_subject=T_("OFFICIAL-SENSITIVE: Operation Encompass notification, %(crime_reference)s"),
    email_body=T_("To the designated safeguarding lead, %(recipient_name)s\n\n"
                  "%(force_name)s attended a domestic abuse incident on %(incident_date)s involving "
                  "%(children_count)s child or children at your school or in your care. The details are in the "
                  "attached PDF.\n\n"
                  "Please read it before the start of the school day (%(due)s).\n\n"
                  "Notifying officer: %(officer_name)s. Police reference: %(crime_reference)s."),
    offered=False,
)


def say(mad, msgid, locale="en", **values):
    """``msgid`` in the force's wording for ``locale`` (its catalogue, else the English), filled in."""
    text = mad.template_catalogue.lookup(locale, msgid) or msgid
    return text % values if values else text
