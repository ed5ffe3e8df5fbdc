"""The Operation Encompass referral type: its form, prefill, recipients (one per school) and PDF."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from core.toolkit import (
    N_,
    Attachment,
    Notification,
    Recipient,
    ReferralInvalid,
    ReferralType,
    local_authorities,
    next_school_day_start,
    parse_start,
    resolve_school,
    school_calendar,
    school_label,
    all_schools,
    stored_holidays,
)
from plugins.referral_encompass import form
from plugins.referral_encompass.pdf import notification_pdf
from plugins.referral_encompass.schema import MAX_CHILDREN, EncompassSchema
from plugins.referral_encompass.wording import TEMPLATE_ID

NAME = "referral_encompass"
CHILD_FIELD_LABELS = {"name": N_("name"), "date_of_birth": N_("date of birth"), "education": N_("education"),
                      "school": N_("school"), "local_authority": N_("local authority"), "year_group": N_("year"),
                      "present": N_("present"), "where": N_("where")}
FIELD_LABELS = {"crime_reference": N_("Police reference"), "incident_date": N_("Date of the incident"),
                "incident_time": N_("Time of the incident"), "incident_location": N_("Location"),
                "district": N_("District"), "circumstances": N_("Brief circumstances"), "children": N_("Children"),
                "voice": N_("The voice of the child"), "voice_words": N_("What the children said"),
                "other_information": N_("Other safeguarding information"), "officer_name": N_("Notifying officer"),
                "officer_contact": N_("Officer's phone or email"), "recipients": N_("Recipients")}


def _recipient_of(session, authorities, child):
    """``((kind, key, name, email, school or None), None)`` for a child, or ``(None, (field, problem))``."""
    if child["education"] == "home":
        authority = authorities.get(child.get("local_authority"))
        field = "children-{index}-local_authority"
        if authority is None:
            return None, (field, "Choose the local authority from the list")
        if not authority.ehe_email:
            return None, (field, f"No address for elective home education is recorded for {authority.name}: ask a "
                                 f"Victims' Services Coordinator to add it, and tell the local authority by phone")
        return ("local_authority", f"la:{authority.code}", authority.name, authority.ehe_email, None), None
    field = "children-{index}-school"
    school, candidates = resolve_school(session, child.get("school", ""))
    if school is None:
        offered = "; ".join(school_label(s) for s in candidates)
        return None, (field, f"Which school? Did you mean: {offered}. Type one as shown" if offered else
                      "No school by that name: check the spelling, or type its URN")
    if not school.dsl_email:
        return None, (field, f"No DSL email is recorded for {school.name}: ask a Victims' Services Coordinator to "
                             f"add it, and phone the school before the school day starts")
    return ("school", f"school:{school.urn}", school.name, school.dsl_email, school), None


class EncompassReferral(ReferralType):
    """Notify each child's school DSL (or the local authority for home education) before the next school day."""

    name = "encompass"
    title = N_("Notify schools (Operation Encompass)")
    form_template = "referral_encompass/form.html"
    template_folder = Path(__file__).parent / "templates"

    def __init__(self, mad):
        self.settings = mad.plugin_settings(NAME)
        self.zone = ZoneInfo(self.settings["timezone"])
        self.start = parse_start(self.settings["school_day_starts"])

    def schema(self, mad):
        return EncompassSchema(districts=mad.config.force["districts"], today=datetime.now(self.zone).date())

    def read_form(self, posted):
        return form.read_form(posted, MAX_CHILDREN)

    def form_values(self, payload):
        return form.form_values(payload)

    def form_context(self, mad):
        with mad.session() as session:
            authorities = [(a.code, a.name) for a in local_authorities(session)]
            labels = [school_label(s) for s in all_schools(session)]
        return {"district_options": [(d, d) for d in mad.config.force["districts"]],
                "local_authorities": authorities, "school_labels": labels, "max_children": MAX_CHILDREN}

    def prefill(self, mad, crime_reference, earlier, victims, user):
        """The crime reference, today's date and the officer; from the newest earlier referral on the
        crime its incident, district and children (so a second referral starts from the first).
        ``victims`` (from the care log, when it records them) add children not named before."""
        payload = {"crime_reference": crime_reference,
                   "incident_date": datetime.now(self.zone).date().strftime("%d/%m/%Y"),
                   "officer_name": getattr(user, "display_name", ""), "officer_contact": getattr(user, "email", "")}
        if earlier:
            last = earlier[0]
            for key in ("incident_date", "incident_time", "incident_location", "district", "circumstances"):
                if last.get(key):
                    payload[key] = last[key]
            payload["children"] = [{k: c.get(k, "") for k in form.CHILD_FIELDS} for c in last.get("children", [])]
        named = {c.get("name", "").casefold() for c in payload.get("children", [])}
        for victim in victims:
            age = getattr(victim, "age", None)
            if getattr(victim, "name", "") and victim.name.casefold() not in named and (age is None or age < 18):
                payload.setdefault("children", []).append({"name": victim.name, "education": "school"})
        return payload

    def incident_at(self, mad, data):
        return datetime.combine(data["incident_date"], data["incident_time"], tzinfo=self.zone)

    def due_at(self, mad, data):
        with mad.session() as session:
            holidays = stored_holidays(session)
        subdivision = getattr(getattr(mad, "calendar", None), "subdivision", "ENG")
        calendar = school_calendar(holidays, subdivision=subdivision)
        return next_school_day_start(self.incident_at(mad, data), calendar, self.start, self.settings["timezone"])

    def recipients(self, mad, data):
        """One recipient per school (its DSL) and per local authority (home education)."""
        groups, errors = {}, {}
        with mad.session() as session:
            authorities = {a.code: a for a in local_authorities(session)}
            for index, child in enumerate(data["children"]):
                found, problem = _recipient_of(session, authorities, child)
                if problem:
                    errors[problem[0].format(index=index)] = [problem[1]]
                    continue
                kind, key, name, email, school = found
                groups.setdefault(key, [kind, name, email, []])[3].append(
                    {**child, "school_name": school.name if school else None,
                     "school_urn": school.urn if school else None})
        if errors:
            raise ReferralInvalid(errors)
        return [Recipient(key=key, kind=kind, name=name, email=email, items=tuple(children))
                for key, (kind, name, email, children) in groups.items()]

    def recipient_problems(self, mad, payload):
        """Schools that cannot be found (or have no DSL address) among the children as typed."""
        errors = {}
        with mad.session() as session:
            authorities = {a.code: a for a in local_authorities(session)}
            for index, child in enumerate(payload.get("children") or []):
                education = child.get("education") or "school"
                if (education == "school" and not (child.get("school") or "").strip()) or \
                        (education == "home" and not child.get("local_authority")):
                    continue  # the schema already says what is missing
                _found, problem = _recipient_of(session, authorities, {**child, "education": education})
                if problem:
                    errors[problem[0].format(index=index)] = [problem[1]]
        return errors

    def notification(self, mad, data, recipient, context):
        due = context["due_at"]
        due_text = format_datetime(due, "HH:mm 'on' EEEE d MMMM y", tzinfo=self.zone, locale="en_GB")
        made_at = datetime.now(self.zone)
        pdf = notification_pdf(mad, self.settings, data, recipient, due, made_at, self.zone)
        names = ", ".join(child["name"] for child in recipient.items)
        who = "DSL" if recipient.kind == "school" else "elective home education team"
        text = (f"Operation Encompass notification to {recipient.name} ({who}) about {len(recipient.items)} "
                f"child(ren): {names}. Incident {data['incident_date'].strftime('%d/%m/%Y')} "
                f"{data['incident_time'].strftime('%H:%M')}, {data['incident_location']}. Due before {due_text}. "
                f"Sent by email with the notification as a PDF.")
        slug = recipient.key.replace(":", "-")
        return Notification(
            template_id=TEMPLATE_ID,
            fields={"recipient_name": recipient.name, "children_count": len(recipient.items),
                    "incident_date": data["incident_date"], "due": due_text, "officer_name": data["officer_name"]},
            records_text=text,
            attachments=(Attachment(f"operation-encompass-{slug}.pdf", "application/pdf", pdf),),
        )

    def district(self, data):
        return data.get("district")

    def summary(self, data, recipients):
        schools = sum(1 for r in recipients if r.kind == "school")
        authorities = len(recipients) - schools
        parts = [f"{len(data['children'])} child(ren)", f"{schools} school(s)"]
        if authorities:
            parts.append(f"{authorities} local authority(ies)")
        return ", ".join(parts)

    def error_label(self, key):
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "children" and parts[1].isdigit():
            return f"Child {int(parts[1]) + 1}: " + CHILD_FIELD_LABELS.get(parts[2], parts[2])
        return FIELD_LABELS.get(key, key)


__all__ = ["EncompassReferral"]
