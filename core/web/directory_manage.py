"""The VSCs' side of the directory: the "out of date" queue, services due for review, and
adding or editing a service (live at once, with its history) and its leaflets.
"""

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from core.constants import Roles
from core.directory import editing
from core.directory.database import PROVIDER_NAME
from core.directory.needs import NEEDS, VULNERABILITIES, Access
from core.directory.schemas import HSDS_STATUSES, ServiceSchema, load_service
from core.models.directory import DirectoryService
from core.validation import plain_errors
from core.web.access import current_mad, roles_required
from core.web.directory_history import describe_change

blueprint = Blueprint("directory_manage", __name__, url_prefix="/directory/manage")
KEEPERS = (Roles.VSC, Roles.ADMIN)
LIST_FIELDS = ("needs", "vulnerabilities", "districts")


def _flatten(messages):
    return plain_errors(ServiceSchema(), messages, FORM_LABELS)


#: The edit form's labels, for messages that name a field.
FORM_LABELS = {"name": "Service name", "phone": "Phone", "email": "Email", "web": "Website",
               "last_assured_on": "Last checked with the service", "review_due_on": "Review due",
               "needs": "Needs it meets", "districts": "Districts served", "status": "Status",
               "access": "How to access it", "languages": "Languages"}


@blueprint.get("/")
@roles_required(*KEEPERS)
def index():
    """Reports waiting for a VSC, and services past their review date."""
    with current_mad().session() as session:
        reports = editing.open_reports(session)
        overdue = editing.due_for_review(session)
        withdrawn = editing.not_active(session)
        session.expunge_all()
    return render_template("directory/manage.html", reports=reports, overdue=overdue, withdrawn=withdrawn,
                           today=date.today())


@blueprint.post("/reports/<int:report_id>/resolve")
@roles_required(*KEEPERS)
def resolve(report_id):
    """Mark a report dealt with (after editing the service, or finding nothing wrong)."""
    with current_mad().session() as session:
        if editing.resolve_report(session, report_id, current_user.display_name) is None:
            abort(404)
    return redirect(url_for("directory_manage.index"))


def _form_values(service=None, from_form=True):
    if from_form and request.method == "POST":
        values = request.form.to_dict()
        for name in LIST_FIELDS:
            values[name] = request.form.getlist(name)
        return values
    if service is None:
        return {"needs": [], "vulnerabilities": [], "districts": [], "access": Access.SIGNPOST, "status": "active"}
    values = {name: getattr(service, name) for name in editing.TRACKED}
    values["languages"] = "; ".join(service.languages or [])
    values["organisation_name"] = service.organisation.name if service.organisation else ""
    for name in ("last_assured_on", "review_due_on"):
        values[name] = values[name].isoformat() if values[name] else ""
    return {k: ("" if v is None else v) for k, v in values.items()}


def _render(service, values, errors, history=(), leaflet_error=None):
    return render_template(
        "directory/edit.html", service=service, values=values, errors=errors, history=history, needs=NEEDS,
        vulnerabilities=VULNERABILITIES, access_labels=Access.LABELS, statuses=HSDS_STATUSES,
        districts=current_mad().config.force.get("districts") or [], leaflet_error=leaflet_error,
        describe_change=describe_change,
    ), 400 if errors or leaflet_error else 200


@blueprint.route("/services/new", methods=["GET", "POST"], defaults={"service_id": None})
@blueprint.route("/services/<service_id>", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def edit(service_id):
    """Add or edit a service; saved changes are live at once and kept in its history."""
    mad = current_mad()
    with mad.session() as session:
        service = session.get(DirectoryService, service_id) if service_id else None
        if service_id and service is None:
            abort(404)
        values = _form_values(service)
        errors = {}
        if request.method == "POST":
            try:
                data = load_service({**values, "id": service_id}, mad.config.force.get("districts"))
            except ValidationError as exc:
                errors = _flatten(exc.messages)
        if request.method == "GET" or errors:  # the history is read only for a page shown
            changes = editing.history(session, service_id) if service_id else []
            session.expunge_all()
            return _render(service, values, errors, changes)
        if service is not None and service.organisation is not None and \
                data["organisation_name"] == service.organisation.name:
            data["organisation_id"] = service.organisation_id  # unchanged: keep its (HSDS) id
        saved, _changed = editing.save_service(session, data, current_user.display_name, current_user.id)
        saved_id = saved.id
    return redirect(url_for("directory.show", provider=PROVIDER_NAME, service_id=saved_id))


@blueprint.post("/services/<service_id>/leaflets")
@roles_required(*KEEPERS)
def add_leaflet(service_id):
    """Upload a leaflet (PDF, PNG, JPEG or text, at most 1 MB)."""
    upload = request.files.get("leaflet")
    with current_mad().session() as session:
        service = session.get(DirectoryService, service_id)
        if service is None:
            abort(404)
        problem = None if upload is not None and upload.filename else "Choose a leaflet file to upload"
        if problem is None:
            try:
                editing.add_leaflet(session, service, upload.filename, upload.mimetype, upload.read(),
                                    current_user.display_name, current_user.id)
            except ValueError as exc:
                problem = str(exc)
        if problem is not None:
            session.rollback()
            service = session.get(DirectoryService, service_id)
            values, changes = _form_values(service, from_form=False), editing.history(session, service_id)
            session.expunge_all()
            return _render(service, values, {}, changes, leaflet_error=problem)
    return redirect(url_for(".edit", service_id=service_id))


@blueprint.post("/services/<service_id>/leaflets/<int:attachment_id>/remove")
@roles_required(*KEEPERS)
def remove_leaflet(service_id, attachment_id):
    """Remove a leaflet."""
    with current_mad().session() as session:
        service = session.get(DirectoryService, service_id)
        if service is None or not editing.remove_leaflet(session, service, attachment_id,
                                                         current_user.display_name, current_user.id):
            abort(404)
    return redirect(url_for(".edit", service_id=service_id))
