"""Pages for conversations: the VSC queue of unmatched replies, attaching a reply to a crime, the
supervisors' satisfaction figures, and the sandbox's "reply as the victim" form.

Thin: every rule lives in :mod:`core.conversations`. The crime page and home page show replies
through partial templates fed by :mod:`core.conversations.threads`.
"""

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from marshmallow import Schema, ValidationError, fields, validate

from core.constants import ChannelKinds, Roles
from core.conversations import satisfaction, threads
from core.conversations.inbound import InboundInvalid, InboundMessage, receive
from core.web.access import current_mad, roles_required

blueprint = Blueprint("conversations", __name__)

#: Who may read replies: those who contact victims, and VSCs for replies no crime claimed.
READERS = (*Roles.VICTIM_CONTACT, Roles.VSC)


class AttachSchema(Schema):
    crime_reference = fields.String(required=True, validate=validate.Length(min=1, max=40, error=
                                    "Enter the crime reference the reply is about, like 06/123456/26"))


class SandboxReplySchema(Schema):
    sender = fields.String(required=True, validate=validate.Length(min=3, max=254, error=
                           "Enter the victim's mobile number or email address, as the message was sent to"))
    body = fields.String(required=True, validate=validate.Length(min=1, max=2000, error=
                         "Type what the victim replies (up to 2000 characters)"))


@blueprint.get("/replies/unmatched")
@roles_required(Roles.VSC, Roles.SUPERVISOR, Roles.ADMIN)
def unmatched():
    """The VSC queue: replies from numbers or addresses the toolkit never wrote to."""
    return render_template("conversations/unmatched.html", replies=threads.unmatched(current_mad()))


@blueprint.post("/replies/<reply_id>/crime")
@roles_required(*READERS)
def attach(reply_id):
    """Attach a reply to the crime it is about (from the crime page's note or the VSC queue)."""
    try:
        data = AttachSchema().load(request.form, unknown="exclude")
    except ValidationError as exc:
        flash(exc.messages["crime_reference"][0], "error")
        return redirect(request.referrer or url_for("conversations.unmatched"))
    reference, problem = threads.attach(current_mad(), reply_id, data["crime_reference"])
    if problem:
        flash(problem, "error")
        return redirect(request.referrer or url_for("conversations.unmatched"))
    if reference is None:
        abort(404)
    flash(f"The reply is now on crime {reference}.", "success")
    return redirect(url_for("crimes.show", reference=reference) + "#conversation")


@blueprint.get("/satisfaction")
@roles_required(Roles.SUPERVISOR, Roles.ADMIN)
def satisfaction_figures():
    """Victims' satisfaction after closure: response rate and mean, by team and district, and each answer."""
    return render_template("conversations/satisfaction.html", figures=satisfaction.figures(current_mad()))


@blueprint.post("/sandbox/replies")
@roles_required(*Roles.VICTIM_CONTACT)
def sandbox_reply():
    """Demo only: hand in a reply typed as the victim, through the sandbox channel of its kind."""
    mad = current_mad()
    try:
        data = SandboxReplySchema().load(request.form, unknown="exclude")
    except ValidationError as exc:
        flash(" ".join(m[0] for m in exc.messages.values()), "error")
        return redirect(url_for("sandbox.index") + "#reply-as-victim")
    kind = ChannelKinds.EMAIL if "@" in data["sender"] else ChannelKinds.SMS
    channel = mad.channels.get(kind)
    if channel is None or not channel.name.startswith("sandbox_"):
        abort(404)  # a real channel is enabled: replies come from the victim, not from a form
    try:
        reply_id, _ = receive(mad, InboundMessage(channel=channel.name, kind=kind,
                                                  provider_message_id=f"sandbox-{uuid.uuid4()}",
                                                  sender=data["sender"], body=data["body"]))
    except InboundInvalid:
        flash("The reply could not be stored: check the number or address.", "error")
        return redirect(url_for("sandbox.index") + "#reply-as-victim")
    flash("The victim's reply was received. It is on the crime's page and the officer's home page.", "success")
    return redirect(url_for("sandbox.index") + "#reply-as-victim")
