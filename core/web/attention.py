"""What failed and needs a person: the force's list (``/attention``) and "Send again" on a message.

Supervisors and admins see every message that failed or may have been delivered in the last week
and every records write given up; officers see their own on the home page. Both are thin faces
over :mod:`core.messaging.attention` and :mod:`core.messaging.send_again`.
"""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from core.constants import Roles
from core.messaging import attention
from core.messaging.send_again import CannotSendAgain, send_again
from core.messaging.service import SendInvalid
from core.models.messages import Message
from core.web.access import current_mad, roles_required

blueprint = Blueprint("attention", __name__)

#: Who sees the force's list.
VIEWERS = (Roles.SUPERVISOR, Roles.ADMIN)


@blueprint.get("/attention")
@roles_required(*VIEWERS)
def index():
    """Every failure in the force that waits for a person, newest first."""
    with current_mad().session() as session:
        found = attention.for_force(session)
        for write, _entry in found.writes:
            session.expunge(write)
    return render_template("attention/index.html", found=found, recent_days=attention.RECENT_DAYS)


@blueprint.post("/updates/<message_id>/send-again")
@roles_required(*Roles.VICTIM_CONTACT)
def resend(message_id):
    """One press: store the message again for delivery and show the new message's status."""
    mad = current_mad()
    try:
        message, _created = send_again(mad, message_id, current_user)
    except (CannotSendAgain, SendInvalid) as exc:
        problem = exc.reason if isinstance(exc, CannotSendAgain) else "; ".join(
            str(v[0] if isinstance(v, list) else v) for v in exc.errors.values())
        with mad.session() as session:
            old = session.get(Message, message_id)
        if old is None:
            abort(404)
        return render_template("updates/status.html", message=old, template=mad.templates.get(old.template_id),
                               send_again_problem=problem), 400
    return redirect(url_for("updates.status", message_id=message.id))
