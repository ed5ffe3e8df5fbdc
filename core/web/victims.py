"""Victims on a crime: record one, their page (care log, suggested support, one-press updates), the care log form.

Thin over :mod:`core.victims`; every page needs a role that contacts victims.
"""

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from core.auth.audit import AccessKinds, record_access

from core.constants import Roles
from core.victims import labels, lookup
from core.victims.due import dues, my_victims
from core.victims.service import (
    VictimInvalid, duties_of, get_victim, record_victim, required_duties, save_care_log, victims_on_crime,
)
from core.victims.support import suggestions
from core.web.access import current_mad, roles_required

blueprint = Blueprint("victims", __name__, url_prefix="/victims")

VICTIM_FIELDS = ("crime_reference", "reference_kind", "person_kind", "name", "phone", "email", "locale",
                 "communication_needs", "enhanced_category", "district", "crime_type", "oic_name", "plan_method",
                 "plan_frequency", "plan_every_days")


def _victim_or_404(session, victim_id):
    victim = get_victim(session, victim_id)
    if victim is None:
        abort(404)
    return victim


def _new_values():
    """The record-a-victim form's first values: the reference, the officer as OIC, the force's language."""
    kind = "collision" if request.args.get("kind") == "collision" else "crime"
    return {"crime_reference": request.args.get("reference", ""), "reference_kind": kind, "person_kind": "victim",
            "oic_name": current_user.display_name, "locale": current_mad().config.force["default_locale"],
            "crime_type": "collision" if kind == "collision" else ""}


@blueprint.route("/new", methods=["GET", "POST"])
@roles_required(*Roles.VICTIM_CONTACT)
def new():
    """Record a victim or affected witness on a crime or collision, then go to their care log."""
    mad = current_mad()
    errors, found = {}, None
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in VICTIM_FIELDS}
        try:
            victim = record_victim(mad, values, current_user)
        except VictimInvalid as exc:
            errors = exc.errors
        else:
            return redirect(url_for("victims.care_log", victim_id=victim.id))
    else:
        values = _new_values()
        if values["crime_reference"] and values["reference_kind"] == "crime":
            found = lookup.victims_from_records(mad, values["crime_reference"])
            chosen = request.args.get("use", type=int)
            if found.victims and chosen is not None and 0 <= chosen < len(found.victims):
                values.update({k: v for k, v in found.victims[chosen].items() if v})
    return render_template("victims/new.html", values=values, errors=errors, found=found, labels=labels,
                           locales=mad.locales, districts=mad.config.force["districts"]), 400 if errors else 200


@blueprint.get("/<victim_id>")
@roles_required(*Roles.VICTIM_CONTACT)
def show(victim_id):
    """A victim's page: details, care log with what is due, suggested services, one-press updates."""
    mad = current_mad()
    with mad.session() as session:
        victim = _victim_or_404(session, victim_id)
        record_access(session, current_user, AccessKinds.VICTIM, victim.crime_reference, detail=f"victim {victim_id}")
        owed = dues(victim, mad.config.care_log, mad.calendar)
        found, unavailable = suggestions(mad, victim)
    templates = sorted(mad.templates.values(), key=lambda t: t.title)
    return render_template("victims/show.html", victim=victim, duties=duties_of(victim), labels=labels,
                           required=required_duties(victim), owed=owed, today=date.today(), suggestions=found,
                           unavailable=unavailable, templates=templates)


def _care_log_values(victim):
    """The care log form filled with what is recorded, so a second visit changes only what it must."""
    values = {"plan_method": victim.plan_method or "", "plan_frequency": victim.plan_frequency or "",
              "plan_every_days": victim.plan_every_days or "", "plan_topics": victim.plan_topics or [],
              "plan_avoid": victim.plan_avoid or "", "key_decision": victim.key_decision or "",
              "key_decision_on": victim.key_decision_on.isoformat() if victim.key_decision_on else ""}
    for duty in victim.duties:
        values[duty.duty] = duty.state
        values[f"{duty.duty}_rationale"] = duty.rationale or ""
        detail = duty.detail or {}
        if duty.duty == labels.Duties.WRITTEN_CONFIRMATION:
            values["written_confirmation_format"] = detail.get("format", "")
        if duty.duty == labels.Duties.VPS_OFFERED:
            values["vps_offered_on"] = detail.get("offered_on", "")
        if duty.duty == labels.Duties.NEEDS_ASSESSMENT:
            values.update({f"vna__{k}": v for k, v in (detail.get("answers") or {}).items()})
    return values


@blueprint.route("/<victim_id>/care-log", methods=["GET", "POST"])
@roles_required(*Roles.VICTIM_CONTACT)
def care_log(victim_id):
    """The care log: each duty yes / no (with the reason) / not applicable, the VNA and the contact plan."""
    mad = current_mad()
    with mad.session() as session:
        victim = _victim_or_404(session, victim_id)
        record_access(session, current_user, AccessKinds.CARE_LOG, victim.crime_reference, detail=f"victim {victim_id}")
        evidenced = {d.duty: d for d in victim.duties if d.message_id}
    errors = {}
    if request.method == "POST":
        values = request.form.to_dict()
        values["plan_topics"] = request.form.getlist("plan_topics")
        try:
            save_care_log(mad, victim_id, values, current_user)
        except VictimInvalid as exc:
            errors = exc.errors
        else:
            return redirect(url_for("victims.show", victim_id=victim_id, saved=1))
    else:
        values = _care_log_values(victim)
    return render_template("victims/care_log.html", victim=victim, values=values, errors=errors, labels=labels,
                           evidenced=evidenced, questions=mad.config.care_log["vna_questions"],
                           today=date.today()), 400 if errors else 200


def _choices(table):
    """``[(code, label in the interface language)]`` for a labels table."""
    return [(code, gettext(text)) for code, text in table.items()]


def _my_victims_due():
    """The signed-in officer's victims with something due today or overdue (for the home page)."""
    if not current_user.is_authenticated or current_user.role not in Roles.VICTIM_CONTACT:
        return []
    mad = current_mad()
    with mad.session() as session:
        return my_victims(mad, session, current_user.id)


def action_url(row):
    """Where "My victims" sends the officer for a due item: the message prefilled, the support list or the care log."""
    kind, template_id = row.due.action
    if kind == "send":
        return url_for("updates.compose", template_id=template_id, victim=row.victim.id)
    if kind == "support":
        return url_for("victims.show", victim_id=row.victim.id, _anchor="support")
    return url_for("victims.care_log", victim_id=row.victim.id)


def _victims_on_crime_page(reference):
    """The victims on crime ``reference``, for the crime page (a page only roles that contact victims reach)."""
    if not current_user.is_authenticated or current_user.role not in Roles.VICTIM_CONTACT:
        return []
    with current_mad().session() as session:
        return victims_on_crime(session, reference)


@blueprint.app_context_processor
def _victim_helpers():
    return {"victim_choices": _choices, "my_victims_due": _my_victims_due, "victim_action_url": action_url,
            "victim_labels": labels, "victims_on_crime_page": _victims_on_crime_page}
