"""A crime's page: every message sent and every chronology entry, in order."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from core.auth.audit import AccessKinds, record_access

from core.constants import Roles
from core.conversations import threads
from core.records.references import normalise_reference
from core.models.messages import Message
from core.models.records import RecordsEntry
from core.web.access import current_mad, roles_required

blueprint = Blueprint("crimes", __name__, url_prefix="/crimes")


@blueprint.get("/")
@roles_required(*Roles.VICTIM_CONTACT)
def find():
    """Go to a crime by its reference."""
    reference = normalise_reference(request.args.get("reference"))
    if reference:
        return redirect(url_for("crimes.show", reference=reference))
    return render_template("crimes/find.html")


@blueprint.get("/<path:reference>")
@roles_required(*Roles.VICTIM_CONTACT)
def show(reference):
    """Messages, and chronology entries with each records writer's progress."""
    reference = normalise_reference(reference)
    with current_mad().session() as session:
        messages = session.scalars(
            select(Message).where(Message.crime_reference == reference).order_by(Message.created_at)
        ).all()
        entries = session.scalars(
            select(RecordsEntry).where(RecordsEntry.crime_reference == reference).order_by(RecordsEntry.created_at)
        ).all()
        for entry in entries:
            list(entry.writes)
        record_access(session, current_user, AccessKinds.CRIME_PAGE, reference)
    conversation = threads.conversation(current_mad(), reference, viewer_id=current_user.id)
    return render_template("crimes/show.html", reference=reference, messages=messages, entries=entries,
                           conversation=conversation)
