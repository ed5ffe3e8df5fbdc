"""Built-in message templates: the updates every force sends at each stage of a crime.

Every template can use ``%(force_name)s``, ``%(crime_reference)s`` and ``%(force_phone)s`` as well
as its own fields. Wording sent to victims is English here, marked ``T_`` and translated through
the ``templates`` catalogues under ``locales/``; titles, labels and hints the officer reads are
marked ``N_`` and translated in the interface's ``messages`` catalogues. Dates and times are formatted in the victim's locale when the message is
rendered.
"""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import hookimpl
from core.i18n import N_, T_
from core import clock
from core.toolkit import Choice, FutureDate, MessageTemplate, Text

OFFICER = {"label": N_("Officer's name"), "hint": N_("As the victim will see it, e.g. PC 1234 Jones")}


class IncidentLoggedFields(Schema):
    log_number = Text(20, required=True, metadata={"label": N_("Incident log number"), "hint": N_("e.g. 1234 22/11")})
    next_contact = Choice(
        {
            "within_24_hours": T_("An officer will contact you within 24 hours."),
            "within_3_days": T_("An officer will contact you within 3 days."),
            "appointment": T_("We will contact you to arrange an appointment."),
        },
        required=True,
        metadata={"label": N_("What happens next")},
    )


class CrimeReferenceFields(Schema):
    officer_name = Text(80, required=True, metadata=OFFICER)


class InvestigationUpdateFields(Schema):
    progress = Choice(
        {
            "enquiries_continuing": T_("Enquiries are continuing."),
            "cctv_reviewed": T_("We are reviewing CCTV footage."),
            "forensics_awaited": T_("We are waiting for forensic results."),
            "suspect_interviewed": T_("A suspect has been interviewed."),
            "suspect_bailed": T_("A suspect has been released on bail while enquiries continue."),
            "file_to_cps": T_("The case has been sent to the Crown Prosecution Service for a decision."),
        },
        required=True,
        metadata={"label": N_("Progress")},
    )
    officer_name = Text(80, required=True, metadata=OFFICER)


class OfficerContactFields(Schema):
    contact = Choice(
        {
            "call": T_("%(officer_name)s will phone you on %(date)s at %(time)s."),
            "visit": T_("%(officer_name)s will visit you on %(date)s at %(time)s."),
        },
        required=True,
        metadata={"label": N_("Call or visit")},
    )
    date = FutureDate(required=True, metadata={"label": N_("Date")})
    time = fields.Time(required=True, metadata={"label": N_("Time")})
    officer_name = Text(80, required=True, metadata=OFFICER)

    @validates_schema
    def _not_earlier_today(self, data, **kwargs):
        """A call or visit today must be at a time still to come."""
        now = clock.now()
        if data.get("date") == now.date() and data.get("time") is not None and data["time"] < now.time().replace(tzinfo=None):
            raise ValidationError(N_("That time today has passed: enter a later time, or another day"), "time")


class SuspectChargedFields(Schema):
    court_name = Text(80, required=True, metadata={"label": N_("Court"), "hint": N_("e.g. Northtown Magistrates' Court")})
    hearing_date = FutureDate(required=True, metadata={"label": N_("First hearing date")})


class CrimeClosedFields(Schema):
    reason = Choice(
        {
            "no_suspect": T_("No suspect has been identified."),
            "insufficient_evidence": T_("There is not enough evidence to take the case further."),
            "victim_withdrew": T_("You told us you did not want the case to go further."),
        },
        required=True,
        metadata={"label": N_("Reason")},
    )
    officer_name = Text(80, required=True, metadata=OFFICER)


class SignpostingFields(Schema):
    # The service's details come from the force's directory entry, never from the form: only
    # approved wording reaches a victim (core.directory.signposting fills them on the server).
    service_name = Text(120, required=True, metadata={"label": N_("Service"), "from_directory": "name"})
    service_phone = Text(
        30,
        required=True,
        validate=validate.Regexp(r"^[0-9 +()-]{6,30}$", error=N_("Enter a phone number, e.g. 0161 496 0123")),
        metadata={"label": N_("Service phone number"), "from_directory": "phone"},
    )
    service_web = fields.Url(
        load_default="",
        schemes={"https", "http"},
        metadata={"label": N_("Service website (optional)"), "input": "url", "from_directory": "web"},
    )


TEMPLATES = [
    MessageTemplate(
        id="incident_logged",
        title=N_("Incident logged"),
        description=N_("Confirms that a report has been logged and what happens next."),
        fields=IncidentLoggedFields,
        sms=T_(
            "%(force_name)s: we have logged your report, number %(log_number)s. %(next_contact)s "
            "In an emergency call 999. Please do not reply to this message."
        ),
        email_subject=T_("%(force_name)s: your report %(log_number)s"),
        email_body=T_(
            "Thank you for reporting this to %(force_name)s. Your report has been logged with the "
            "number %(log_number)s.\n\n%(next_contact)s\n\nIn an emergency call 999. For anything "
            "else call %(force_phone)s. Please do not reply to this email."
        ),
        vcop_rights=(2, 3),
    ),
    MessageTemplate(
        id="crime_reference_assigned",
        title=N_("Crime reference assigned"),
        description=N_("Gives the victim their crime reference and the officer in charge."),
        fields=CrimeReferenceFields,
        sms=T_(
            "%(force_name)s: your crime reference is %(crime_reference)s. The officer dealing with "
            "it is %(officer_name)s. Quote the reference when you call %(force_phone)s."
        ),
        email_subject=T_("%(force_name)s: your crime reference %(crime_reference)s"),
        email_body=T_(
            "Your crime reference is %(crime_reference)s. The officer dealing with it is "
            "%(officer_name)s.\n\nPlease quote the reference whenever you contact us on "
            "%(force_phone)s. As a victim of crime you have rights under the Victims' Code, "
            "including being kept informed and being referred to support services."
        ),
        vcop_rights=(3, 6),
    ),
    MessageTemplate(
        id="investigation_update",
        title=N_("Investigation update"),
        description=N_("Tells the victim how the investigation is progressing."),
        fields=InvestigationUpdateFields,
        sms=T_(
            "%(force_name)s, crime %(crime_reference)s: %(progress)s If you have questions, call "
            "%(force_phone)s and ask for %(officer_name)s."
        ),
        email_subject=T_("%(force_name)s: an update on crime %(crime_reference)s"),
        email_body=T_(
            "This is an update on crime %(crime_reference)s.\n\n%(progress)s\n\nIf you have "
            "questions, call %(force_phone)s and ask for %(officer_name)s."
        ),
        vcop_rights=(6,),
    ),
    MessageTemplate(
        id="officer_contact",
        title=N_("Officer will call or visit"),
        description=N_("Arranges a call or visit on a date and at a time."),
        fields=OfficerContactFields,
        sms=T_(
            "%(force_name)s, crime %(crime_reference)s: %(contact)s If this time does not suit "
            "you, call %(force_phone)s."
        ),
        email_subject=T_("%(force_name)s: we will be in touch about crime %(crime_reference)s"),
        email_body=T_(
            "About crime %(crime_reference)s:\n\n%(contact)s\n\nIf this time does not suit you, "
            "call %(force_phone)s."
        ),
        vcop_rights=(6,),
    ),
    MessageTemplate(
        id="suspect_charged",
        title=N_("Suspect charged"),
        description=N_("Tells the victim that a suspect has been charged and when the first hearing is."),
        fields=SuspectChargedFields,
        sms=T_(
            "%(force_name)s, crime %(crime_reference)s: a suspect has been charged and will appear "
            "at %(court_name)s on %(hearing_date)s. The Witness Care Unit will keep you informed."
        ),
        email_subject=T_("%(force_name)s: a suspect has been charged (crime %(crime_reference)s)"),
        email_body=T_(
            "A suspect has been charged in connection with crime %(crime_reference)s and will "
            "appear at %(court_name)s on %(hearing_date)s.\n\nThe Witness Care Unit will keep you "
            "informed from now on. You can make a Victim Personal Statement to explain how the "
            "crime has affected you."
        ),
        vcop_rights=(6, 7, 8),
    ),
    MessageTemplate(
        id="crime_closed_nfa",
        title=N_("Crime closed, no further action"),
        description=N_("Tells the victim the investigation is closed and how to ask for a review."),
        fields=CrimeClosedFields,
        sms=T_(
            "%(force_name)s, crime %(crime_reference)s: we have closed the investigation. "
            "%(reason)s You have the right to ask for a review of this decision: call "
            "%(force_phone)s within 3 months."
        ),
        email_subject=T_("%(force_name)s: crime %(crime_reference)s has been closed"),
        email_body=T_(
            "We have closed the investigation into crime %(crime_reference)s.\n\n%(reason)s\n\n"
            "You have the right to ask for a review of this decision under the Victims' Right to "
            "Review scheme. Call %(force_phone)s within 3 months and quote your crime reference. "
            "%(officer_name)s can answer your questions."
        ),
        vcop_rights=(6,),
    ),
    MessageTemplate(
        id="signposting",
        title=N_("Signpost to a support service"),
        description=N_("Sends the details of a support service the victim can contact."),
        fields=SignpostingFields,
        sms=T_(
            "%(force_name)s: free, confidential support is available from %(service_name)s on "
            "%(service_phone)s %(service_web)s They are independent of the police."
        ),
        email_subject=T_("%(force_name)s: support from %(service_name)s"),
        email_body=T_(
            "You can get free, confidential support from %(service_name)s.\n\nPhone: "
            "%(service_phone)s\n%(service_web)s\n\nThey are independent of the police and can help "
            "whether or not you have reported the crime."
        ),
        vcop_rights=(4,),
    ),
]


@hookimpl
def register_templates(mad):
    """Contribute the built-in templates."""
    return TEMPLATES
