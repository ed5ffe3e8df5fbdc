"""Sandbox SMS and email channels: capture what a victim would receive instead of sending it.

Captures are stored in the toolkit's database, keyed by message id, so a repeated delivery of the
same message leaves one capture (as a real provider's idempotency would) and the dispatcher can
look a message up after a crash. ``/sandbox`` shows them exactly as they would arrive.
"""

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core import hookimpl
from core.auth.audit import AccessKinds, record_access
from core.constants import ChannelKinds, Roles
from core.messaging.delivery import Channel, SendResult
from core.models.messages import Message
from core.models.sandbox import SandboxCapture
from core.web.access import current_mad, roles_required
from core.web.headers import own_policy


class SandboxChannel(Channel):
    """Captures messages of one kind into the database."""

    def __init__(self, mad, kind):
        self.mad = mad
        self.kind = kind
        self.name = f"sandbox_{kind}"

    def send(self, message):
        """Store ``message`` as a capture; a second delivery of the same id changes nothing."""
        capture = SandboxCapture(
            message_id=message.id,
            kind=self.kind,
            recipient=message.recipient,
            subject=message.subject,
            body=message.body,
            body_html=message.body_html,
            locale=message.locale,
            text_direction=message.text_direction,
            attachments=[{"filename": a.filename, "content_type": a.content_type, "size": len(a.data)}
                         for a in message.attachments] or None,
        )
        try:
            with self.mad.session() as session:
                session.add(capture)
        except IntegrityError:
            pass  # already captured: idempotent by message id
        return SendResult(provider_reference=f"sandbox-{message.id}")

    def lookup(self, message_id):
        """Return a result if the message was captured, False if it certainly was not."""
        with self.mad.session() as session:
            found = session.scalar(select(SandboxCapture.id).where(SandboxCapture.message_id == message_id))
        return SendResult(provider_reference=f"sandbox-{message_id}") if found else False


@hookimpl(trylast=True)
def register_channels(mad):
    """The sandbox SMS and email channels (a force's real channels win over these)."""
    return [SandboxChannel(mad, ChannelKinds.SMS), SandboxChannel(mad, ChannelKinds.EMAIL)]


blueprint = Blueprint("sandbox", __name__, url_prefix="/sandbox")
#: The captured email's HTML runs nothing and loads nothing, whatever it holds.
EMAIL_FRAME_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'"


@blueprint.get("/")
@roles_required(*Roles.VICTIM_CONTACT)
def index():
    """What victims would have received, newest first."""
    with current_mad().session() as session:
        captures = session.scalars(select(SandboxCapture).order_by(SandboxCapture.id.desc()).limit(200)).all()
        references = session.scalars(select(Message.crime_reference).distinct()
                                     .where(Message.id.in_([c.message_id for c in captures]))).all()
        for reference in sorted(references):
            record_access(session, current_user, AccessKinds.SANDBOX, reference)
    return render_template("sandbox/index.html", captures=captures)


@blueprint.get("/<int:capture_id>/html")
@roles_required(*Roles.VICTIM_CONTACT)
@own_policy(EMAIL_FRAME_POLICY)
def email_html(capture_id):
    """The HTML part of a captured email, exactly as sent, shown in a sandboxed frame."""
    with current_mad().session() as session:
        capture = session.get(SandboxCapture, capture_id)
        if capture is None or not capture.body_html:
            abort(404)
        message = session.get(Message, capture.message_id)
        record_access(session, current_user, AccessKinds.SANDBOX_EMAIL, message and message.crime_reference,
                      capture.message_id)
    return capture.body_html, 200, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": EMAIL_FRAME_POLICY,
    }


@blueprint.get("/<int:capture_id>/attachments/<int:number>")
@roles_required(*Roles.VICTIM_CONTACT)
def attachment(capture_id, number):
    """Download one attachment of a captured email, exactly the bytes the victim would get."""
    with current_mad().session() as session:
        capture = session.get(SandboxCapture, capture_id)
        message = session.get(Message, capture.message_id) if capture else None
        files = list(message.attachments) if message else []
        if 0 <= number < len(files):
            record_access(session, current_user, AccessKinds.SANDBOX_ATTACHMENT, message.crime_reference,
                          files[number].filename)
    if not 0 <= number < len(files):
        abort(404)
    file = files[number]
    return file.data, 200, {"Content-Type": file.content_type,
                            "Content-Disposition": f'attachment; filename="{file.filename}"'}


@hookimpl
def register_blueprints(mad):
    """The ``/sandbox`` pages."""
    return [blueprint]
