"""Sections prepared ahead: a title, guidance and a set of templates, resources and services that
a VSC (or a plugin) prepares, previews as officers will see it, schedules to go live or retires.

Officers see a section only while it is live: from ``live_from`` until it is retired. Every change
is kept in ``section_changes`` (who, what, when). Functions take a session and leave committing to
their caller; each takes ``now`` so tests can move the clock.
"""

import uuid
from datetime import datetime, time
from zoneinfo import ZoneInfo

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from sqlalchemy import select

from core.db import utcnow
from core.history import apply_changes, newest_first
from core.models.directory import DirectoryService
from core.models.resources import Resource, Section, SectionChange

LONDON = ZoneInfo("Europe/London")
TRACKED = ("title", "guidance", "template_ids", "resource_ids", "service_ids")


class Actions:
    PREPARED = "prepared"
    EDITED = "edited"
    SCHEDULED = "scheduled"
    RETIRED = "retired"
    SHIPPED = "shipped by plugin"


class SectionSchema(Schema):
    """A section's content as a VSC's form or a plugin gives it."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_.:\-]{1,64}$", error="Use up to 64 letters, digits, "
                                                "'-', '_', '.' or ':'"), load_default=None, allow_none=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=200, error="Enter the section's title"),
                          error_messages={"required": "Enter the section's title"})
    guidance = fields.String(load_default="", validate=validate.Length(
        max=5000, error="Keep the guidance to 5,000 characters"))
    template_ids = fields.List(fields.String(), load_default=list)
    resource_ids = fields.List(fields.String(), load_default=list)
    service_ids = fields.List(fields.String(), load_default=list)
    live_from = fields.AwareDateTime(load_default=None, allow_none=True)


def load_section(mad, session, values):
    """Validate a section; every template, resource and service it names must exist.

    Raises ``ValidationError`` saying which one is unknown. Returns the clean dict.
    """
    data = SectionSchema().load(values)
    errors = {}
    unknown = [t for t in data["template_ids"] if t not in mad.templates]
    if unknown:
        errors["template_ids"] = [f"No message template {', '.join(unknown)}: choose from the list"]
    known = set(session.scalars(select(Resource.id).where(Resource.id.in_(data["resource_ids"]))))
    if set(data["resource_ids"]) - known:
        errors["resource_ids"] = ["A resource chosen is not in the library any more: choose again"]
    known = set(session.scalars(select(DirectoryService.id).where(DirectoryService.id.in_(data["service_ids"]))))
    if set(data["service_ids"]) - known:
        errors["service_ids"] = ["A service chosen is not in the directory any more: choose again"]
    if errors:
        raise ValidationError(errors)
    return data


def _record(session, section, action, changes, who, who_id):
    session.add(SectionChange(section_id=section.id, action=action, changes=changes, changed_by=who,
                              changed_by_id=who_id))


def save_section(session, data, who, who_id=None, source="vsc"):
    """Prepare a new section or edit one (its schedule is left as it is); returns ``(section, changed)``."""
    section = session.get(Section, data["id"]) if data.get("id") else None
    created = section is None
    if created:
        section = Section(id=data.get("id") or str(uuid.uuid4()), source=source)
        session.add(section)
    values = {name: data.get(name) if name in ("title", "guidance") else list(data.get(name) or []) for name in TRACKED}
    changes = apply_changes(section, values, created)
    if changes:
        section.updated_at = utcnow()
        _record(session, section, Actions.PREPARED if created else Actions.EDITED, changes, who, who_id)
    return section, bool(changes)


def go_live_at(day=None, now=None):
    """When a section scheduled for ``day`` goes live: the start of that day in the UK (now, if no day)."""
    if day is None:
        return now or utcnow()
    return datetime.combine(day, time(0, 0), tzinfo=LONDON).astimezone(ZoneInfo("UTC"))


def schedule(session, section, live_from, who, who_id=None):
    """Set when ``section`` goes live (an aware datetime), undoing a retirement; recorded."""
    before = section.live_from.isoformat() if section.live_from else None
    section.live_from, section.retired_at = live_from, None
    _record(session, section, Actions.SCHEDULED, {"live_from": [before, live_from.isoformat()]}, who, who_id)


def retire(session, section, who, who_id=None, now=None):
    """Take ``section`` away from officers from ``now``; recorded."""
    section.retired_at = now or utcnow()
    _record(session, section, Actions.RETIRED, {"retired_at": [None, section.retired_at.isoformat()]}, who, who_id)


def state(section, now=None):
    """``"draft"``, ``"scheduled"``, ``"live"`` or ``"retired"`` at ``now``."""
    now = now or utcnow()
    if section.retired_at is not None and section.retired_at <= now:
        return "retired"
    if section.live_from is None:
        return "draft"
    return "live" if section.live_from <= now else "scheduled"


STATE_LABELS = {"draft": "Draft (not scheduled)", "scheduled": "Scheduled", "live": "Live", "retired": "Retired"}


def all_sections(session):
    """Every section, by title (the VSCs' list)."""
    return session.scalars(select(Section).order_by(Section.title)).all()


def live_sections(session, now=None):
    """The sections officers see at ``now``, by title."""
    return [s for s in all_sections(session) if state(s, now) == "live"]


def contents(mad, session, section):
    """What officers see in ``section``: ``(templates, resources, services)`` that still exist."""
    templates = [mad.templates[t] for t in section.template_ids if t in mad.templates]
    resources = [r for r in (session.get(Resource, rid) for rid in section.resource_ids)
                 if r is not None and r.status == "active"]
    services = [s for s in (session.get(DirectoryService, sid) for sid in section.service_ids) if s is not None]
    return templates, resources, services


def history(session, section_id):
    """A section's changes, newest first."""
    return newest_first(session, SectionChange, SectionChange.section_id, section_id)


def sync_plugin_sections(mad, session):
    """Store the sections plugins ship through ``register_sections`` that are not stored yet.

    Called when the sections pages are opened. A section already stored is left alone (a VSC's
    schedule stands). A plugin's bad section raises ``ValidationError`` naming the plugin's section,
    so start-up stops with a clear message. Returns how many were added.
    """
    added = 0
    for answer in mad.pm.hook.register_sections(mad=mad):
        for values in answer or []:
            try:
                data = load_section(mad, session, values)
            except ValidationError as exc:
                raise ValidationError({f"section {values.get('id') or values.get('title')!r}": exc.messages}) \
                    from None
            if not data.get("id"):
                raise ValidationError({"section": [f"Give the plugin's section {data['title']!r} an id"]})
            if session.get(Section, data["id"]) is not None:
                continue
            section, _changed = save_section(session, data, "plugin", source="plugin")
            if data.get("live_from"):
                schedule(session, section, data["live_from"], "plugin")
            added += 1
    return added
