"""The commissioned victims' service in the toolkit: an officer refers a consenting victim; the
service's staff (the ``partner`` role) see their queue, only the victims referred to them, record
accepted, contacted or declined, and send the victim their own approved wording. Every look at a
referral is in the access audit. The service's templates are in :mod:`core.web.partner_wording`.
"""

import uuid

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from core.auth.audit import AccessKinds, record_access
from core.constants import ChannelKinds, Roles
from core.directory.needs import NEEDS
from core.messaging.service import SendInvalid
from core.models.partner import PartnerReferral
from core.resources import partner, partner_templates
from core.resources.partner_sending import send_as_partner, sends_for
from core.victims.service import get_victim
from core.victims.support import needs_found
from core.web.access import current_mad, roles_required

blueprint = Blueprint("partner", __name__, url_prefix="/partner")
SERVICE = (Roles.PARTNER, Roles.ADMIN)
REFERRERS = Roles.VICTIM_CONTACT


def _first(messages):
    """The first message of a field (a list's, or a nested dict's first entry)."""
    while isinstance(messages, (dict, list)):
        messages = next(iter(messages.values())) if isinstance(messages, dict) else messages[0]
    return str(messages)


def _from_victim(mad, victim_id):
    """The form's values from a care-log victim: name, how to reach them, needs from their VNA."""
    with mad.session() as session:
        victim = get_victim(session, victim_id)
        if victim is None:
            abort(404)
        record_access(session, current_user, AccessKinds.REFERRAL, victim.crime_reference, victim.id)
        return {"crime_reference": victim.crime_reference, "victim_id": victim.id, "victim_name": victim.name,
                "contact": victim.phone or victim.email or "",
                "needs": needs_found(victim, mad.config.care_log["vna_questions"])}


def _victim_problem(mad, data):
    """Why the care-log victim named in the form cannot be this referral's, or None."""
    if not data.get("victim_id"):
        return None
    with mad.session() as session:
        victim = get_victim(session, data["victim_id"])
        if victim is None or victim.crime_reference != data["crime_reference"].strip():
            return "The victim is not recorded on this crime: open the referral from the victim's page again"
    return None


@blueprint.route("/refer", methods=["GET", "POST"])
@roles_required(*REFERRERS)
def refer():
    """Refer a victim who agreed to it to the commissioned service, with their needs.

    From a victim's page (``?victim=<id>``) the form is filled in from the care log, the needs from
    their Victim Needs Assessment.
    """
    mad = current_mad()
    errors = {}
    if request.method == "POST":
        values = {**request.form.to_dict(), "needs": request.form.getlist("needs")}
        try:
            data = partner.load_referral(values)
        except ValidationError as exc:
            errors = {k: _first(v) for k, v in exc.messages.items()}
        else:
            if (problem := _victim_problem(mad, data)) is not None:
                errors = {"crime_reference": problem}
        if not errors:
            with mad.session() as session:
                referral, notice = partner.refer(mad, session, data, current_user.display_name, current_user.id,
                                                 link=url_for("partner.index", _external=True))
                referral_id = referral.id
            partner.after_commit(mad, notice)
            return redirect(url_for("partner.show", referral_id=referral_id))
    else:
        values = {"crime_reference": request.args.get("reference", ""), "needs": []}
        if request.args.get("victim"):
            values = _from_victim(mad, request.args["victim"])
        values["idempotency_key"] = uuid.uuid4().hex
    return render_template("partner/refer.html", values=values, errors=errors, needs=NEEDS,
                           service=mad.config.partner["name"]), 400 if errors else 200


@blueprint.get("/")
@roles_required(*SERVICE)
def index():
    """The service's queue: referrals waiting first, with what was recorded on the others."""
    with current_mad().session() as session:
        referrals = partner.queue(session)
        session.expunge_all()
    return render_template("partner/index.html", referrals=referrals, labels=partner.Statuses.LABELS)


def _show(referral_id, values=None, errors=None):
    mad = current_mad()
    can_answer = current_user.role in SERVICE
    with mad.session() as session:
        referral = session.get(PartnerReferral, referral_id)
        if referral is None:
            abort(404)
        record_access(session, current_user, AccessKinds.REFERRAL, referral.crime_reference, referral.id)
        session.flush()  # the audit row is written before the page is built from detached objects
        sends = sends_for(session, referral_id)
        templates = partner_templates.approved(session) if can_answer else []
        session.expunge_all()
    labels = {n.code: n.label for n in NEEDS}
    values = values or {"idempotency_key": uuid.uuid4().hex, "recipient": referral.contact,
                        "kind": ChannelKinds.SMS if ChannelKinds.SMS in mad.channels else ChannelKinds.EMAIL}
    errors = errors or {}
    return render_template("partner/show.html", referral=referral, labels=partner.Statuses.LABELS,
                           answers=partner.Statuses.ANSWERS, need_labels=labels, can_answer=can_answer,
                           sends=sends, templates=templates, values=values, errors=errors,
                           kinds=[k for k in ChannelKinds.ALL if k in mad.channels],
                           service=mad.config.partner["name"]), 400 if errors else 200


@blueprint.get("/referrals/<referral_id>")
@roles_required(*SERVICE, *REFERRERS)
def show(referral_id):
    """One referral: the victim, how to reach them, their needs, the service's answers and messages."""
    return _show(referral_id)


@blueprint.post("/referrals/<referral_id>/send")
@roles_required(*SERVICE)
def send(referral_id):
    """The service sends the referred victim one of its approved messages, in its own name."""
    try:
        send_as_partner(current_mad(), referral_id, request.form.to_dict(), current_user)
    except LookupError:
        abort(404)
    except SendInvalid as exc:
        return _show(referral_id, values=request.form.to_dict(), errors={k: _first(v) for k, v in exc.errors.items()})
    return redirect(url_for("partner.show", referral_id=referral_id, _anchor="sent"))


@blueprint.post("/referrals/<referral_id>/status")
@roles_required(*SERVICE)
def status(referral_id):
    """Record accepted, contacted or declined (also written in the crime's chronology)."""
    mad = current_mad()
    with mad.session() as session:
        referral = session.get(PartnerReferral, referral_id)
        if referral is None:
            abort(404)
        try:
            partner.record_status(mad, session, referral, request.form.get("status", ""), current_user.display_name,
                                  current_user.id)
        except ValueError:
            abort(400)
    mad.wake_dispatcher()
    return redirect(url_for("partner.show", referral_id=referral_id))


from core.web import partner_wording  # noqa: E402,F401 - the service's templates, on this blueprint
