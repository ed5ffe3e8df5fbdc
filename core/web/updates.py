""""Update a victim": choose a message, fill its fields, preview, send.

Three screens, each usable on a phone: the list of messages, one form with everything the chosen
message needs, and the preview with Send. The form carries an idempotency key made when it is
first shown, so pressing Send twice sends once.
"""

import uuid

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from core.auth.audit import AccessKinds, record_access
from core.constants import ChannelKinds, Roles
from core.directory import signposting
from core.i18n import N_
from core.messaging.service import SendInvalid, prepare, queue
from core.models.messages import Message
from core.web.access import current_mad, roles_required
from core.web.form_fields import describe_fields

blueprint = Blueprint("updates", __name__, url_prefix="/updates")

FIELD_PREFIX = "field__"
KIND_NAMES = {ChannelKinds.SMS: N_("Text message (SMS)"), ChannelKinds.EMAIL: N_("Email")}


def _template_or_404(template_id):
    template = current_mad().templates.get(template_id)
    if template is None or not template.offered:
        abort(404)
    return template


def _payload(form, template_id):
    """The send request as the messaging service takes it, from the posted form."""
    return {
        "template_id": template_id,
        "crime_reference": form.get("crime_reference", ""),
        "kind": form.get("kind", ""),
        "recipient": form.get("recipient", ""),
        "locale": form.get("locale", ""),
        "idempotency_key": form.get("idempotency_key") or None,
        "fields": {k[len(FIELD_PREFIX):]: v for k, v in form.items() if k.startswith(FIELD_PREFIX) and v != ""},
    }


def _initial_values(template):
    values = {"idempotency_key": uuid.uuid4().hex, "kind": template.channels[0],
              "locale": current_mad().config.force["default_locale"],
              "crime_reference": request.args.get("reference", "")}
    if "officer_name" in template.fields().fields:
        values[FIELD_PREFIX + "officer_name"] = current_user.display_name
    # "Send to victim" from the service directory: the service's details, and its id for the leaflets.
    if "service_name" in template.fields().fields:
        values.update(signposting.initial_values(current_mad(), request.args.get("service"), FIELD_PREFIX))
    return values


def _first_errors(exc):
    """One message per field, the first, as the error summary shows them."""
    return {k: v[0] if isinstance(v, list) else str(v) for k, v in exc.errors.items()}


def _in_interface_language(msgid):
    """A template sentence in the officer's interface language, or None."""
    return current_mad().template_catalogue.lookup(get_locale().language, msgid)


def _form(template, values, errors):
    """The compose form, with ``errors`` (400) or without (200)."""
    return render_template(
        "updates/compose.html", template=template, values=values, errors=errors,
        fields=describe_fields(template, FIELD_PREFIX, translate=_in_interface_language),
        kinds=template.channels, kind_names=KIND_NAMES,
        locales=current_mad().locales,
    ), 400 if errors else 200


@blueprint.get("/new")
@roles_required(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN)
def choose():
    """Step 1: the messages an officer can send."""
    templates = sorted((t for t in current_mad().templates.values() if t.offered), key=lambda t: t.title)
    return render_template("updates/choose.html", templates=templates, reference=request.args.get("reference", ""))


@blueprint.route("/new/<template_id>", methods=["GET", "POST"])
@roles_required(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN)
def compose(template_id):
    """Step 2 (the form) and step 3 (the preview, shown when the form is valid)."""
    template = _template_or_404(template_id)
    mad = current_mad()
    values = _initial_values(template) if request.method == "GET" else request.form.to_dict()
    errors = {}
    if request.method == "POST" and request.form.get("action") != "change":
        try:
            prepared = prepare(mad, _payload(request.form, template_id))
        except SendInvalid as exc:
            errors = _first_errors(exc)
        else:
            prepared = signposting.attach_leaflets(mad, prepared, request.form.get(signposting.SERVICE_FIELD))
            return render_template("updates/preview.html", template=template, prepared=prepared,
                                   rendered=prepared.rendered, values=values, locale=mad.locale(prepared.locale))
    return _form(template, values, errors)


@blueprint.post("/send/<template_id>")
@roles_required(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN)
def send(template_id):
    """Store the message (validated again: the preview's hidden fields are not trusted) and show its status."""
    template = _template_or_404(template_id)
    mad = current_mad()
    try:
        prepared = prepare(mad, _payload(request.form, template_id))
    except SendInvalid as exc:
        return _form(template, request.form.to_dict(), _first_errors(exc))
    prepared = signposting.attach_leaflets(mad, prepared, request.form.get(signposting.SERVICE_FIELD))
    message, _created = queue(mad, prepared, current_user)
    return redirect(url_for("updates.status", message_id=message.id))


@blueprint.get("/<message_id>")
@roles_required(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN)
def status(message_id):
    """Where a message is: queued, sending, sent, delivered or failed (with the reason)."""
    with current_mad().session() as session:
        message = session.scalar(select(Message).where(Message.id == message_id))
        if message is None:
            abort(404)
        # The page reloads itself every 2 s while the message is on its way: one record per 10 minutes.
        record_access(session, current_user, AccessKinds.MESSAGE_STATUS, message.crime_reference, message.id,
                      quiet_seconds=600)
    template = current_mad().templates.get(message.template_id)
    return render_template("updates/status.html", message=message, template=template)
