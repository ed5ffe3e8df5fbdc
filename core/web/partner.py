"""The commissioned victims' service in the toolkit: an officer refers a consenting victim; the
service's staff (the ``partner`` role) see their queue, only the victims referred to them, and
record accepted, contacted or declined. Every look at a referral is in the access audit.
"""

import uuid

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from core.auth.audit import AccessKinds, record_access
from core.constants import Roles
from core.directory.needs import NEEDS
from core.models.partner import PartnerReferral
from core.resources import partner
from core.web.access import current_mad, roles_required

blueprint = Blueprint("partner", __name__, url_prefix="/partner")
SERVICE = (Roles.PARTNER, Roles.ADMIN)
REFERRERS = Roles.VICTIM_CONTACT


def _first(messages):
    """The first message of a field (a list's, or a nested dict's first entry)."""
    while isinstance(messages, (dict, list)):
        messages = next(iter(messages.values())) if isinstance(messages, dict) else messages[0]
    return str(messages)


@blueprint.route("/refer", methods=["GET", "POST"])
@roles_required(*REFERRERS)
def refer():
    """Refer a victim who agreed to it to the commissioned service, with their needs."""
    errors = {}
    if request.method == "POST":
        values = {**request.form.to_dict(), "needs": request.form.getlist("needs")}
        try:
            data = partner.load_referral(values)
        except ValidationError as exc:
            errors = {k: _first(v) for k, v in exc.messages.items()}
        else:
            with current_mad().session() as session:
                referral = partner.refer(session, data, current_user.display_name, current_user.id)
                referral_id = referral.id
            return redirect(url_for("partner.show", referral_id=referral_id))
    else:
        values = {"crime_reference": request.args.get("reference", ""), "idempotency_key": uuid.uuid4().hex,
                  "needs": []}
    return render_template("partner/refer.html", values=values, errors=errors, needs=NEEDS), 400 if errors else 200


@blueprint.get("/")
@roles_required(*SERVICE)
def index():
    """The service's queue: referrals waiting first, with what was recorded on the others."""
    with current_mad().session() as session:
        referrals = partner.queue(session)
        session.expunge_all()
    return render_template("partner/index.html", referrals=referrals, labels=partner.Statuses.LABELS)


@blueprint.get("/referrals/<referral_id>")
@roles_required(*SERVICE, *REFERRERS)
def show(referral_id):
    """One referral: the victim, how to reach them, their needs and the service's answers."""
    with current_mad().session() as session:
        referral = session.get(PartnerReferral, referral_id)
        if referral is None:
            abort(404)
        record_access(session, current_user, AccessKinds.REFERRAL, referral.crime_reference, referral.id)
        session.flush()  # the audit row is written before the page is built from detached objects
        session.expunge_all()
    labels = {n.code: n.label for n in NEEDS}
    return render_template("partner/show.html", referral=referral, labels=partner.Statuses.LABELS,
                           answers=partner.Statuses.ANSWERS, need_labels=labels,
                           can_answer=current_user.role in SERVICE)


@blueprint.post("/referrals/<referral_id>/status")
@roles_required(*SERVICE)
def status(referral_id):
    """Record accepted, contacted or declined."""
    with current_mad().session() as session:
        referral = session.get(PartnerReferral, referral_id)
        if referral is None:
            abort(404)
        try:
            partner.record_status(session, referral, request.form.get("status", ""), current_user.display_name,
                                  current_user.id)
        except ValueError:
            abort(400)
    return redirect(url_for("partner.show", referral_id=referral_id))
