"""The commissioned service's own templates: its staff draft them, a VSC approves or withdraws
them (only approved ones can be sent), and every change is kept and shown. Routes on the
``partner`` blueprint.
"""

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from core.constants import Roles
from core.models.partner import PartnerTemplate
from core.resources import partner_templates
from core.resources.partner_sending import service_names
from core.web.access import current_mad, roles_required
from core.web.partner import _first, blueprint

#: Who reads and drafts the service's wording; who approves it.
WRITERS = (Roles.PARTNER, Roles.VSC, Roles.ADMIN)
APPROVERS = (Roles.VSC, Roles.ADMIN)


@blueprint.get("/templates/")
@roles_required(*WRITERS)
def templates():
    """The service's messages: drafts waiting for a VSC first, then approved and withdrawn ones."""
    mad = current_mad()
    with mad.session() as session:
        found = partner_templates.all_templates(session)
        session.expunge_all()
    name, sender = service_names(mad)
    return render_template("partner/templates.html", templates=found, states=partner_templates.States.LABELS,
                           service=name, sender=sender)


@blueprint.route("/templates/new", methods=["GET", "POST"], defaults={"template_id": None})
@blueprint.route("/templates/<template_id>", methods=["GET", "POST"])
@roles_required(*WRITERS)
def template_edit(template_id):
    """Draft or edit one of the service's messages (an edit needs a VSC's approval again)."""
    mad = current_mad()
    errors = {}
    with mad.session() as session:
        template = session.get(PartnerTemplate, template_id) if template_id else None
        if template_id and template is None:
            abort(404)
        if request.method == "POST":
            values = request.form.to_dict()
            try:
                data = partner_templates.load_template(values)
            except ValidationError as exc:
                errors = {k: _first(v) for k, v in exc.messages.items()}
            else:
                saved, _changed = partner_templates.save_template(session, data, current_user.display_name,
                                                                  current_user.id, template_id)
                saved_id = saved.id
        else:
            values = {name: getattr(template, name) or "" for name in partner_templates.TRACKED} if template else {}
        if request.method == "GET" or errors:
            history = partner_templates.history(session, template_id) if template_id else []
            session.expunge_all()
            name, sender = service_names(mad)
            return render_template("partner/template_edit.html", template=template, values=values, errors=errors,
                                   history=history, states=partner_templates.States.LABELS,
                                   actions=partner_templates.Actions.LABELS,
                                   can_approve=current_user.role in APPROVERS, service=name, sender=sender,
                                   sms_max=partner_templates.SMS_MAX), 400 if errors else 200
    return redirect(url_for("partner.template_edit", template_id=saved_id))


@blueprint.post("/templates/<template_id>/state")
@roles_required(*APPROVERS)
def template_state(template_id):
    """A VSC approves the service's wording for use, or withdraws it."""
    with current_mad().session() as session:
        template = session.get(PartnerTemplate, template_id)
        if template is None:
            abort(404)
        try:
            partner_templates.set_state(session, template, request.form.get("state", ""), current_user.display_name,
                                        current_user.id)
        except ValueError:
            abort(400)
    return redirect(url_for("partner.template_edit", template_id=template_id))
