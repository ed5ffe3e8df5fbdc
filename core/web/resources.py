"""The resources library's pages: officers find a resource by crime type and stage and send it in
one press; VSCs add and edit resources (live at once, with their history) and their attachments.
"""

import uuid

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from core.constants import ChannelKinds, Roles
from core.messaging.service import SendInvalid
from core.models.resources import Resource
from core.resources import library
from core.resources.kinds import CRIME_TYPES, KINDS, STAGES
from core.resources.schemas import form_to_values, load_resource
from core.resources.sending import send_resource
from core.web.access import current_mad, roles_required

blueprint = Blueprint("resources", __name__, url_prefix="/resources")
KEEPERS = (Roles.VSC, Roles.ADMIN)
#: Who may look resources up (no victim data on these pages; partners added with their role).
READERS = Roles.ALL


def flatten_errors(messages):
    """One message per form field: nested language errors become ``summary__<locale>``/``body__<locale>``."""
    errors = {}
    for name, value in messages.items():
        if name == "texts" and isinstance(value, dict):
            for code, problem in value.items():
                inner = problem.get("value", problem) if isinstance(problem, dict) else {"summary": problem}
                for part, text in inner.items():
                    errors[f"{part}__{code}"] = text[0] if isinstance(text, list) else str(text)
            continue
        if isinstance(value, dict):
            value = next(iter(value.values()))
        errors[name] = value[0] if isinstance(value, list) else str(value)
    return errors


@blueprint.get("/")
@roles_required(*READERS)
def index():
    """Find a resource by crime type, stage and kind."""
    crime_type, stage, kind = (request.args.get(k) or None for k in ("crime_type", "stage", "kind"))
    with current_mad().session() as session:
        found = library.find(session, crime_type if crime_type in CRIME_TYPES else None,
                             stage if stage in STAGES else None, kind if kind in KINDS else None)
        session.expunge_all()
    return render_template("resources/index.html", resources=found, crime_types=CRIME_TYPES, stages=STAGES,
                           kinds=KINDS, chosen={"crime_type": crime_type, "stage": stage, "kind": kind},
                           reference=request.args.get("reference", ""))


def _resource_or_404(session, resource_id, active=True):
    resource = session.get(Resource, resource_id)
    if resource is None or (active and resource.status != "active"):
        abort(404)
    return resource


@blueprint.route("/<resource_id>/send", methods=["GET", "POST"])
@roles_required(*Roles.VICTIM_CONTACT)
def send(resource_id):
    """The resource's wording in each language and one form: who to send it to, how, in which language."""
    mad = current_mad()
    errors = {}
    if request.method == "POST":
        try:
            message, _created = send_resource(mad, resource_id, request.form.to_dict(), current_user)
        except LookupError:
            abort(404)
        except SendInvalid as exc:
            errors = {k: v[0] if isinstance(v, list) else str(v) for k, v in exc.errors.items()}
        else:
            return redirect(url_for("updates.status", message_id=message.id))
        values = request.form.to_dict()
    else:
        values = {"idempotency_key": uuid.uuid4().hex, "kind": ChannelKinds.EMAIL,
                  "locale": mad.config.force["default_locale"], "crime_reference": request.args.get("reference", "")}
    with mad.session() as session:
        resource = _resource_or_404(session, resource_id)
        session.expunge_all()
    kinds = [k for k in ChannelKinds.ALL if k in mad.channels]
    return render_template("resources/send.html", resource=resource, values=values, errors=errors, kinds=kinds,
                           locales=mad.locales, kind_labels=KINDS), 400 if errors else 200


@blueprint.get("/manage/")
@roles_required(*KEEPERS)
def manage():
    """Every resource with its review date and how often it was sent."""
    with current_mad().session() as session:
        resources = library.find(session, include_withdrawn=True)
        used = library.usage(session)
        session.expunge_all()
    return render_template("resources/manage.html", resources=resources, used=used, kinds=KINDS)


def _values_of(resource):
    values = {"kind": resource.kind, "title": resource.title, "crime_types": resource.crime_types,
              "stages": resource.stages, "status": resource.status, "links": "\n".join(resource.links),
              "review_due_on": resource.review_due_on.isoformat() if resource.review_due_on else ""}
    for code, text in resource.texts.items():
        values[f"summary__{code}"], values[f"body__{code}"] = text["summary"], text["body"]
    return values


@blueprint.route("/manage/new", methods=["GET", "POST"], defaults={"resource_id": None})
@blueprint.route("/manage/<resource_id>", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def edit(resource_id):
    """Add or edit a resource; saved changes are live at once and kept in its history."""
    mad = current_mad()
    codes = [info.code for info in mad.locales]
    with mad.session() as session:
        resource = _resource_or_404(session, resource_id, active=False) if resource_id else None
        errors = {}
        if request.method == "POST":
            values = request.form.to_dict()
            values.update(crime_types=request.form.getlist("crime_types"), stages=request.form.getlist("stages"))
            try:
                data = load_resource({**form_to_values(request.form, codes), "id": resource_id}, codes)
            except ValidationError as exc:
                errors = flatten_errors(exc.messages)
            else:
                saved, _changed = library.save_resource(session, data, current_user.display_name, current_user.id)
                saved_id = saved.id
        else:
            values = _values_of(resource) if resource else {"kind": "prevention", "crime_types": [], "stages": []}
        if request.method == "GET" or errors:
            changes = library.history(session, resource_id) if resource_id else []
            session.expunge_all()
            return render_template("resources/edit.html", resource=resource, values=values, errors=errors,
                                   history=changes, kinds=KINDS, crime_types=CRIME_TYPES, stages=STAGES,
                                   locales=mad.locales), 400 if errors else 200
    return redirect(url_for("resources.edit", resource_id=saved_id))


@blueprint.post("/manage/<resource_id>/attachments")
@roles_required(*KEEPERS)
def add_attachment(resource_id):
    """Upload an attachment (PDF, PNG, JPEG or text, at most 1 MB)."""
    upload = request.files.get("attachment")
    with current_mad().session() as session:
        resource = _resource_or_404(session, resource_id, active=False)
        problem = None if upload is not None and upload.filename else "Choose a file to attach"
        if problem is None:
            try:
                library.add_attachment(session, resource, upload.filename, upload.mimetype, upload.read(),
                                       current_user.display_name, current_user.id)
            except ValueError as exc:
                problem = str(exc)
        if problem:
            session.rollback()
            values, changes = _values_of(resource), library.history(session, resource_id)
            session.expunge_all()
            return render_template("resources/edit.html", resource=resource, values=values,
                                   errors={"attachment": problem}, history=changes, kinds=KINDS,
                                   crime_types=CRIME_TYPES, stages=STAGES, locales=current_mad().locales), 400
    return redirect(url_for("resources.edit", resource_id=resource_id))
