"""Keeping the resources library: VSC edits (live at once, kept in a history), attachments,
finding resources for an officer, and how often each was sent.

Every function takes a session and leaves committing to its caller.
"""

import uuid
from datetime import date, timedelta

from marshmallow import ValidationError
from sqlalchemy import func, select

from core.db import utcnow
from core.directory.schemas import LeafletSchema
from core.files import detect, stored_name
from core.history import apply_changes, newest_first
from core.models.resources import Resource, ResourceAttachment, ResourceChange, ResourceSend

REVIEW_PERIOD = timedelta(days=365)
TRACKED = ("kind", "title", "crime_types", "stages", "texts", "links", "status", "review_due_on")


class Actions:
    CREATED = "created"
    UPDATED = "updated"
    ATTACHMENT_ADDED = "attachment added"
    ATTACHMENT_REMOVED = "attachment removed"


def save_resource(session, data, who, who_id=None, today=None):
    """Create or update a resource from validated ``data`` (see :func:`core.resources.schemas.load_resource`).

    Called by the VSC's form and the demo loader. The change (who, which fields from what to what)
    goes into the history; the review date defaults to a year from today. Returns ``(resource, changed)``.
    """
    resource = session.get(Resource, data["id"]) if data.get("id") else None
    created = resource is None
    if created:
        resource = Resource(id=data.get("id") or str(uuid.uuid4()))
        session.add(resource)
    values = {name: data.get(name) for name in TRACKED}
    values["status"] = values["status"] or "active"
    for name in ("crime_types", "stages", "links"):
        values[name] = list(values[name] or [])
    values["texts"] = {code: dict(text) for code, text in (values["texts"] or {}).items()}
    if values["review_due_on"] is None:
        values["review_due_on"] = (today or date.today()) + REVIEW_PERIOD
    changes = apply_changes(resource, values, created)
    if changes:
        resource.updated_at = utcnow()
        session.add(ResourceChange(resource_id=resource.id, changes=changes, changed_by=who, changed_by_id=who_id,
                                   action=Actions.CREATED if created else Actions.UPDATED))
    return resource, bool(changes)


def add_attachment(session, resource, filename, content_type, data, who, who_id=None):
    """Attach a file to ``resource`` (PDF, PNG, JPEG or text, at most 1 MB, its first bytes checked).

    Called by the VSC's edit page and the demo loader. Raises ``ValueError`` saying what is wrong.
    """
    try:
        LeafletSchema().load({"filename": filename, "content_type": content_type, "data": data})
        kind = detect(data)
    except ValidationError as exc:
        raise ValueError(next(iter(exc.messages.values()))[0]) from None
    filename, content_type = stored_name(filename, kind), kind.content_type
    resource.attachments.append(ResourceAttachment(filename=filename, content_type=content_type, data=data))
    resource.updated_at = utcnow()
    session.add(ResourceChange(resource_id=resource.id, action=Actions.ATTACHMENT_ADDED, changed_by=who,
                               changed_by_id=who_id, changes={"attachments": [None, filename]}))


def history(session, resource_id):
    """The resource's changes, newest first (for the VSC's edit page)."""
    return newest_first(session, ResourceChange, ResourceChange.resource_id, resource_id)


def find(session, crime_type=None, stage=None, kind=None, include_withdrawn=False):
    """Resources matching a crime type, a stage and a kind (each optional), by title.

    Called by the officers' "Resources" page. A resource with no crime types (or stages) listed
    suits every crime type (or stage).
    """
    query = select(Resource).order_by(Resource.title)
    if not include_withdrawn:
        query = query.where(Resource.status == "active")
    if kind:
        query = query.where(Resource.kind == kind)
    found = session.scalars(query).all()
    return [r for r in found if (not crime_type or not r.crime_types or crime_type in r.crime_types)
            and (not stage or not r.stages or stage in r.stages)]


def usage(session):
    """How many times each resource was sent: ``{resource_id: count}`` (the figures)."""
    rows = session.execute(select(ResourceSend.resource_id, func.count()).group_by(ResourceSend.resource_id))
    return {resource_id: count for resource_id, count in rows}
