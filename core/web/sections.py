"""Sections prepared ahead: officers see the live ones; VSCs and admins prepare, preview, schedule
(a date, or now) and retire them, every change audited.
"""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError, fields
from sqlalchemy import select

from core.constants import Roles
from core.models.directory import DirectoryService
from core.models.resources import Resource, Section
from core.resources import sections
from core.web.access import current_mad, roles_required

blueprint = Blueprint("sections", __name__, url_prefix="/sections")
KEEPERS = (Roles.VSC, Roles.ADMIN)
READERS = Roles.ALL


@blueprint.get("/")
@roles_required(*READERS)
def index():
    """The sections live now, each with its guidance, templates, resources and services."""
    mad = current_mad()
    with mad.session() as session:
        sections.sync_plugin_sections(mad, session)
        shown = [(s, *sections.contents(mad, session, s)) for s in sections.live_sections(session)]
        session.expunge_all()
    return render_template("sections/index.html", shown=shown, preview=False)


@blueprint.get("/manage/")
@roles_required(*KEEPERS)
def manage():
    """Every section with its state: draft, scheduled, live or retired."""
    mad = current_mad()
    with mad.session() as session:
        sections.sync_plugin_sections(mad, session)
        rows = [(s, sections.state(s)) for s in sections.all_sections(session)]
        session.expunge_all()
    return render_template("sections/manage.html", rows=rows, labels=sections.STATE_LABELS)


def _section_or_404(session, section_id):
    section = session.get(Section, section_id)
    if section is None:
        abort(404)
    return section


def _choices(mad, session):
    templates = sorted(((t.id, t.title) for t in mad.templates.values() if t.offered), key=lambda pair: pair[1])
    resources = session.execute(select(Resource.id, Resource.title).order_by(Resource.title)).all()
    services = session.execute(select(DirectoryService.id, DirectoryService.name).where(
        DirectoryService.status == "active").order_by(DirectoryService.name)).all()
    return {"template_ids": templates, "resource_ids": resources, "service_ids": services}


def _flatten(messages):
    return {k: (v[0] if isinstance(v, list) else str(v)) for k, v in messages.items()}


@blueprint.route("/manage/new", methods=["GET", "POST"], defaults={"section_id": None})
@blueprint.route("/manage/<section_id>", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def edit(section_id):
    """Prepare a section or change its content; its schedule is set separately."""
    mad = current_mad()
    with mad.session() as session:
        section = _section_or_404(session, section_id) if section_id else None
        errors = {}
        if request.method == "POST":
            values = {"id": section_id, "title": request.form.get("title", ""),
                      "guidance": request.form.get("guidance", ""),
                      **{name: request.form.getlist(name) for name in ("template_ids", "resource_ids", "service_ids")}}
            try:
                data = sections.load_section(mad, session, values)
            except ValidationError as exc:
                errors = _flatten(exc.messages)
            else:
                saved, _changed = sections.save_section(session, data, current_user.display_name, current_user.id)
                saved_id = saved.id
        else:
            values = {name: getattr(section, name) for name in sections.TRACKED} if section else {}
        if request.method == "GET" or errors:
            return _render_edit(mad, session, section, values, errors)
    return redirect(url_for("sections.edit", section_id=saved_id))


def _render_edit(mad, session, section, values, errors):
    changes = sections.history(session, section.id) if section else []
    state = sections.state(section) if section else "draft"
    choices = _choices(mad, session)
    session.expunge_all()
    return render_template("sections/edit.html", section=section, values=values, errors=errors, history=changes,
                           choices=choices, state=state, labels=sections.STATE_LABELS), 400 if errors else 200


@blueprint.get("/manage/<section_id>/preview")
@roles_required(*KEEPERS)
def preview(section_id):
    """The section exactly as officers will see it once it is live."""
    mad = current_mad()
    with mad.session() as session:
        section = _section_or_404(session, section_id)
        shown = [(section, *sections.contents(mad, session, section))]
        session.expunge_all()
    return render_template("sections/index.html", shown=shown, preview=True)


@blueprint.post("/manage/<section_id>/schedule")
@roles_required(*KEEPERS)
def schedule(section_id):
    """Schedule the section to go live at the start of a date, or now."""
    mad = current_mad()
    with mad.session() as session:
        section = _section_or_404(session, section_id)
        day = None
        if request.form.get("when") != "now":
            try:
                day = fields.Date().deserialize(request.form.get("live_on") or "")
            except ValidationError:
                values = {name: getattr(section, name) for name in sections.TRACKED}
                return _render_edit(mad, session, section, values,
                                    {"live_on": "Enter the go-live date as YYYY-MM-DD, or choose Now"})
        sections.schedule(session, section, sections.go_live_at(day), current_user.display_name, current_user.id)
    return redirect(url_for("sections.edit", section_id=section_id))


@blueprint.post("/manage/<section_id>/retire")
@roles_required(*KEEPERS)
def retire(section_id):
    """Take the section away from officers now."""
    with current_mad().session() as session:
        sections.retire(session, _section_or_404(session, section_id), current_user.display_name, current_user.id)
    return redirect(url_for("sections.edit", section_id=section_id))
