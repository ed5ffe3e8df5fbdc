"""Keeping the built-in directory true: VSC edits (live at once, kept in a history), leaflets,
officers' "out of date" reports and services due for review.

Every function takes a session and leaves committing to its caller, so an import can save a
thousand services in one transaction and the web pages one.
"""

import uuid
from datetime import date, timedelta

from marshmallow import ValidationError
from sqlalchemy import select

from core.models.directory import (
    DirectoryAttachment, DirectoryChange, DirectoryOrganisation, DirectoryReport, DirectoryService,
)
from core.db import utcnow
from core.history import newest_first
from core.directory.schemas import LeafletSchema
from core.files import detect, stored_name

REVIEW_PERIOD = timedelta(days=365)
#: Fields of :class:`DirectoryService` that a change records (besides the organisation).
TRACKED = ("name", "description", "status", "needs", "vulnerabilities", "eligibility", "languages", "districts",
           "phone", "email", "web", "address", "access", "opening_hours", "last_assured_on", "assured_by",
           "review_due_on")


class Actions:
    CREATED = "created"
    UPDATED = "updated"
    IMPORTED = "imported"
    LEAFLET_ADDED = "leaflet added"
    LEAFLET_REMOVED = "leaflet removed"


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


LIST_FIELDS = ("needs", "vulnerabilities", "languages", "districts")


def _same(name, before, after):
    """True when a field did not really change: a list in another order, or empty as None or ""."""
    if name in LIST_FIELDS:
        return sorted(before or []) == sorted(after or [])
    return (before in (None, "") and after in (None, "")) or before == after


def _organisation(session, data):
    if not data.get("organisation_id") and not data.get("organisation_name"):
        return None
    org_id = data.get("organisation_id") or str(uuid.uuid5(uuid.NAMESPACE_URL, "org:" + data["organisation_name"]))
    org = session.get(DirectoryOrganisation, org_id)
    if org is None:
        org = DirectoryOrganisation(id=org_id, name=data.get("organisation_name") or org_id, description="")
        session.add(org)
    elif data.get("organisation_name"):
        org.name = data["organisation_name"]
    return org


def save_service(session, data, who, who_id=None, action=None, today=None):
    """Create or update a service from validated ``data`` (see :func:`load_service`) and record it.

    Called by the VSC's edit form, the importers and the demo loader. The change (who, which
    fields from what to what, when) goes into the history; the review date defaults to a year
    after the service was last assured. Returns ``(service, changed)``.
    """
    today = today or date.today()
    service = session.get(DirectoryService, data["id"]) if data.get("id") else None
    created = service is None
    if created:
        service = DirectoryService(id=data.get("id") or str(uuid.uuid4()))
        session.add(service)
    values = {name: data.get(name) for name in TRACKED}
    values["status"] = values["status"] or "active"
    for name in ("description", "eligibility", "address", "opening_hours"):
        values[name] = values[name] or ""
    for name in LIST_FIELDS:
        values[name] = list(values[name] or [])
    if values["review_due_on"] is None:
        values["review_due_on"] = (values["last_assured_on"] or today) + REVIEW_PERIOD
    changes = {}
    for name, value in values.items():
        before = None if created else getattr(service, name)
        if created or not _same(name, before, value):
            setattr(service, name, value)
            if not _same(name, before, value):  # a new service records only the fields it has
                changes[name] = [_jsonable(before), _jsonable(value)]
    org = _organisation(session, data)
    new_org_id = org.id if org is not None else None
    if created or service.organisation_id != new_org_id:
        if new_org_id is not None or not created:  # recorded by name: the history is read by people
            before_name = None if created or service.organisation is None else service.organisation.name
            changes["organisation"] = [before_name, org.name if org is not None else None]
        service.organisation = org
    if changes or created:
        service.updated_at = utcnow()
        session.add(DirectoryChange(service_id=service.id, changes=changes, changed_by=who, changed_by_id=who_id,
                                    action=action or (Actions.CREATED if created else Actions.UPDATED)))
    return service, bool(changes)


def add_leaflet(session, service, filename, content_type, data, who, who_id=None):
    """Attach a leaflet to ``service`` (a PDF, PNG, JPEG or text file of at most 1 MB, checked by
    :class:`core.directory.schemas.LeafletSchema`, its first bytes included).

    Called by the VSC's edit page. Raises ``ValueError`` saying what is wrong.
    """
    try:
        LeafletSchema().load({"filename": filename, "content_type": content_type, "data": data})
        kind = detect(data)
    except ValidationError as exc:
        raise ValueError(next(iter(exc.messages.values()))[0]) from None
    # The stored name (an email attachment's name) comes from what the bytes are, never the uploaded extension.
    filename, content_type = stored_name(filename, kind), kind.content_type
    service.attachments.append(DirectoryAttachment(filename=filename, content_type=content_type, data=data))
    service.updated_at = utcnow()
    session.add(DirectoryChange(service_id=service.id, action=Actions.LEAFLET_ADDED, changed_by=who,
                                changed_by_id=who_id, changes={"leaflets": [None, filename]}))


def remove_leaflet(session, service, attachment_id, who, who_id=None):
    """Remove one leaflet of ``service``; returns True when there was one to remove."""
    for attachment in list(service.attachments):
        if attachment.id == attachment_id:
            service.attachments.remove(attachment)
            service.updated_at = utcnow()
            session.add(DirectoryChange(service_id=service.id, action=Actions.LEAFLET_REMOVED, changed_by=who,
                                        changed_by_id=who_id, changes={"leaflets": [attachment.filename, None]}))
            return True
    return False


def history(session, service_id):
    """The service's changes, newest first (for the VSC's edit page)."""
    return newest_first(session, DirectoryChange, DirectoryChange.service_id, service_id)


def report_out_of_date(session, record, note, who, who_id=None):
    """Put an officer's "out of date" note in the VSCs' queue; returns the report."""
    report = DirectoryReport(provider=record.provider, service_id=record.id, service_name=record.name[:200],
                             note=note, reported_by=who, reported_by_id=who_id)
    session.add(report)
    return report


def open_reports(session):
    """Reports no VSC has dealt with yet, oldest first."""
    return session.scalars(select(DirectoryReport).where(DirectoryReport.resolved_at.is_(None))
                           .order_by(DirectoryReport.reported_at, DirectoryReport.id)).all()


def resolve_report(session, report_id, who):
    """Mark a report dealt with; returns it, or None if there is no such open report."""
    report = session.get(DirectoryReport, report_id)
    if report is None or report.resolved_at is not None:
        return None
    report.resolved_at = utcnow()
    report.resolved_by = who
    return report


def due_for_review(session, today=None):
    """Active services whose review date has passed, most overdue first (the VSCs' list)."""
    today = today or date.today()
    return session.scalars(select(DirectoryService).where(DirectoryService.review_due_on < today,
                                                          DirectoryService.status == "active")
                           .order_by(DirectoryService.review_due_on, DirectoryService.name)).all()


def not_active(session):
    """Services that are inactive, defunct or temporarily closed (hidden from officers' searches)."""
    return session.scalars(select(DirectoryService).where(DirectoryService.status != "active")
                           .order_by(DirectoryService.name)).all()
