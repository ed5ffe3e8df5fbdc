"""Referral pages: a referral type's form, a referral's progress, and the supervisors' list.

Thin over :mod:`core.referrals.service`; the form itself is drawn by the referral type's own
template (added to the search path by :func:`add_type_templates`).
"""

import io
import uuid
from datetime import timedelta

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from jinja2 import ChoiceLoader, FileSystemLoader

from core.auth.audit import AccessKinds, record_access
from core.constants import Roles
from core.db import utcnow
from core.records.references import normalise_reference
from core.referrals import service
from core.referrals.labels import MESSAGE_STATUS, RECIPIENT_KIND, STATUS, TIMELINESS, label
from core.referrals.listing import supervisors_list
from core.referrals.statuses import state_of
from core.referrals.types import ReferralInvalid
from core.web.access import current_mad, roles_required

blueprint = Blueprint("referrals", __name__, url_prefix="/referrals")

MAKERS = (Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN)
SUPERVISORS = (Roles.SUPERVISOR, Roles.ADMIN)


def add_type_templates(app, mad):
    """Let Jinja find each referral type's form template. Called once by the app factory."""
    folders = [str(t.template_folder) for t in mad.referral_types.values() if t.template_folder]
    if folders:
        app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(folders)])


@blueprint.app_template_global()
def referrals_on_crime(reference):
    """The referrals made on a crime with their states (for the crime page)."""
    now = utcnow()
    return [(r, state_of(r, now)) for r in service.on_crime(current_mad(), reference)]


@blueprint.app_template_global()
def referral_types():
    """The registered referral types (the crime page offers a button for each)."""
    return list(current_mad().referral_types.values())


@blueprint.app_context_processor
def _labels():
    return {"referral_label": label, "REFERRAL_STATUS": STATUS, "REFERRAL_TIMELINESS": TIMELINESS,
            "RECIPIENT_KIND": RECIPIENT_KIND,
            "MESSAGE_STATUS": MESSAGE_STATUS}


def _type_or_404(type_name):
    try:
        return service.referral_type(current_mad(), type_name)
    except LookupError:
        abort(404)


def _form(kind, values, errors, idempotency_key):
    mad = current_mad()
    order = {key: index for index, key in enumerate(values.keys())}  # the error summary follows the form
    summary = [(key, kind.error_label(key), errors[key][0])
               for key in sorted(errors, key=lambda key: order.get(key, len(order)))]
    return render_template(kind.form_template, referral_type=kind, values=values, errors=errors,
                           error_list=summary, idempotency_key=idempotency_key, **kind.form_context(mad)), \
        (400 if errors else 200)


@blueprint.route("/new/<type_name>", methods=["GET", "POST"])
@roles_required(*MAKERS)
def new(type_name):
    """The referral form: prefilled on GET; on POST added to ("Add another child") or sent."""
    kind = _type_or_404(type_name)
    mad = current_mad()
    if request.method == "GET":
        reference = normalise_reference(request.args.get("reference", ""))
        payload = service.prefill(mad, type_name, reference, current_user)
        return _form(kind, kind.form_values(payload), {}, uuid.uuid4().hex)
    state = kind.read_form(request.form)
    key = request.form.get("idempotency_key") or uuid.uuid4().hex
    if state.again:
        return _form(kind, state.values, {}, key)
    try:
        prepared = service.prepare(mad, type_name, state.payload)
    except ReferralInvalid as exc:
        return _form(kind, state.values, exc.errors, key)
    referral_id, _created = service.make(mad, prepared, current_user, idempotency_key=key)
    return redirect(url_for("referrals.show", referral_id=referral_id))


@blueprint.get("/<referral_id>")
@roles_required(*MAKERS)
def show(referral_id):
    """A referral's notifications and where each one is."""
    referral = service.get(current_mad(), referral_id)
    if referral is None:
        abort(404)
    kind = current_mad().referral_types.get(referral.type_name)
    with current_mad().session() as session:
        record_access(session, current_user, AccessKinds.REFERRAL, referral.crime_reference, referral.id)
    return render_template("referrals/show.html", referral=referral, kind=kind, state=state_of(referral, utcnow()))


@blueprint.get("/<referral_id>/copy/<int:notification_id>")
@roles_required(*MAKERS)
def copy(referral_id, notification_id):
    """The copy of what one recipient was sent: the notification's attachment (the PDF)."""
    referral = service.get(current_mad(), referral_id)
    found = [n for n in referral.notifications if n.id == notification_id] if referral else []
    if not found or not found[0].message.attachments:
        abort(404)
    attachment = found[0].message.attachments[0]
    with current_mad().session() as session:
        record_access(session, current_user, AccessKinds.REFERRAL_COPY, referral.crime_reference, attachment.filename)
    return send_file(io.BytesIO(attachment.data), mimetype=attachment.content_type, as_attachment=True,
                     download_name=attachment.filename)


@blueprint.get("/")
@roles_required(*SUPERVISORS)
def index():
    """Supervisors' list: referrals due, overdue and delivered, by district."""
    mad = current_mad()
    district = request.args.get("district") or None
    days = request.args.get("days", "7")
    days = int(days) if days.isdigit() and 0 < int(days) <= 366 else 7
    now = utcnow()
    groups = supervisors_list(mad, now, since=now - timedelta(days=days), district=district)
    return render_template("referrals/index.html", groups=groups, district=district, days=days,
                           districts=mad.config.force["districts"])
