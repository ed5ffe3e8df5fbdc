""""Find support": browse the directory by need and district, search it, open a service,
send it to a victim in one press, download its leaflet, or report it out of date.

Every signed-in user may read the directory (it holds no victims' data); "Send to victim" is
offered to the roles that may contact victims, and opens the ordinary "Update a victim" form
for the signposting message, filled in with the service's details.
"""

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate

from core.constants import Roles
from core.directory import editing
from core.directory.finder import find, get_service, provider_for
from core.directory.needs import NEEDS, NEEDS_BY_CODE, VULNERABILITIES, Access
from core.validation import plain_errors
from core.web.access import current_mad

blueprint = Blueprint("directory", __name__, url_prefix="/directory")
SIGNPOSTING_TEMPLATE = "signposting"


class FindSchema(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=200, error="Search for at most 200 characters"))
    need = fields.String(load_default="", validate=validate.OneOf([""] + [n.code for n in NEEDS],
                                                                  error="Choose a need from the list"))
    district = fields.String(load_default="")


class ReportSchema(Schema):
    note = fields.String(required=True, validate=validate.Length(
        min=1, max=2000, error="Say what is out of date (at most 2,000 characters)"))


def _first(messages, schema=None):
    return plain_errors(schema, messages)


def _districts():
    return current_mad().config.force.get("districts") or []


@blueprint.get("/")
def index():
    """Needs to browse, the search box, and the results for what was asked."""
    errors = {}
    try:
        asked = FindSchema().load(request.args, unknown="exclude")
    except ValidationError as exc:
        errors = _first(exc.messages, FindSchema())
        asked = {"q": "", "need": "", "district": ""}
    if asked["district"] and asked["district"] not in _districts():
        errors["district"] = "Choose a district from the list"
        asked["district"] = ""
    found = None
    if not errors and (asked["q"].strip() or asked["need"]):
        found = find(current_mad(), asked["q"], need=asked["need"] or None, district=asked["district"] or None)
    status = 400 if errors else 200
    return render_template("directory/index.html", asked=asked, errors=errors, found=found, needs=NEEDS,
                           needs_by_code=NEEDS_BY_CODE, districts=_districts(), today=date.today()), status


def _service_or_404(provider, service_id):
    record = get_service(current_mad(), provider, service_id)
    if record is None:
        abort(404)
    return record


def _show(record, errors=None, values=None, status=200):
    can_send = current_user.role in Roles.VICTIM_CONTACT and SIGNPOSTING_TEMPLATE in current_mad().templates
    can_edit = current_user.role in (Roles.VSC, Roles.ADMIN) and provider_for(current_mad(), record.provider).editable
    return render_template(
        "directory/show.html", service=record, needs_by_code=NEEDS_BY_CODE, vulnerabilities=VULNERABILITIES,
        access_labels=Access.LABELS, can_send=can_send, can_edit=can_edit, errors=errors or {},
        values=values or {}, today=date.today(), reported=request.args.get("reported") == "1",
        reference=request.args.get("reference", ""),
    ), status


@blueprint.get("/services/<provider>/<service_id>")
def show(provider, service_id):
    """One service: what it does, for whom, where, how to reach it, and the buttons."""
    return _show(_service_or_404(provider, service_id))


@blueprint.post("/services/<provider>/<service_id>/report")
def report(provider, service_id):
    """"Report out of date": the note goes to the VSCs' queue."""
    record = _service_or_404(provider, service_id)
    try:
        data = ReportSchema().load({"note": request.form.get("note", "").strip()})
    except ValidationError as exc:
        return _show(record, errors=_first(exc.messages, ReportSchema()), values=request.form, status=400)
    with current_mad().session() as session:
        editing.report_out_of_date(session, record, data["note"], current_user.display_name, current_user.id)
    return redirect(url_for("directory.show", provider=provider, service_id=service_id, reported=1))


@blueprint.get("/services/<provider>/<service_id>/leaflets/<leaflet_id>")
def leaflet(provider, service_id, leaflet_id):
    """Download a leaflet: the same bytes a victim's email carries."""
    found = provider_for(current_mad(), provider)
    attachment = found.leaflet(service_id, leaflet_id) if found else None
    if attachment is None:
        abort(404)
    safe_name = attachment.filename.replace('"', "")
    return attachment.data, 200, {"Content-Type": attachment.content_type,
                                  "Content-Disposition": f'attachment; filename="{safe_name}"'}
