"""Supervisors' seven-day ring-backs: scheduled on recording, listed due/overdue/done, outcome recorded.

Which crime types get a ring-back, after how many days, and which team a type is routed to
(hate crime to cohesion officers, by default) come from ``[care_log]`` in ``mad.toml``.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from marshmallow import Schema, ValidationError, fields, pre_load, validate
from sqlalchemy import select

from core.constants import EntryTypes
from core.db import utcnow
from core.models.records import RecordsEntry, RecordsWrite
from core.models.victims import RingBack
from core.victims.chronology import initials
from core.victims.labels import RING_BACK_OUTCOMES, label


class RingBackSchema(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(
        list(RING_BACK_OUTCOMES), error="Ring-back outcome: choose satisfied, concerns or not reached"),
        error_messages={"required": "Ring-back outcome: choose satisfied, concerns or not reached"})
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(
        max=2000, error="Notes: keep them to 2000 characters"))
    follow_up = fields.String(load_default=None, allow_none=True, validate=validate.Length(
        max=2000, error="Follow-up actions: keep them to 2000 characters"))

    @pre_load
    def _blanks(self, data, **kwargs):
        return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in data.items()}


def schedule(mad, session, victim):
    """Add the victim's ring-back when their crime type needs one; return it (or None).

    Called by :func:`core.victims.service.record_victim` in its transaction.
    """
    rules = mad.config.care_log
    if victim.crime_type not in rules["ring_back_crime_types"]:
        return None
    ring_back = RingBack(victim_id=victim.id, due_on=victim.recorded_on + timedelta(days=rules["ring_back_days"]),
                         team=rules["ring_back_teams"].get(victim.crime_type))
    session.add(ring_back)
    return ring_back


@dataclass(frozen=True)
class RingBackRow:
    """One line of the supervisor's list."""

    ring_back: RingBack
    state: str


def state_of(ring_back, today):
    """``done``, ``overdue``, ``due`` (today) or ``upcoming``."""
    if ring_back.done_at is not None:
        return "done"
    if ring_back.due_on < today:
        return "overdue"
    return "due" if ring_back.due_on == today else "upcoming"


def ring_back_list(session, today=None, team=None):
    """Every ring-back, overdue first, then due, upcoming, done; ``team`` narrows to one team's.

    Called by the supervisors' ring-back page. Returns :class:`RingBackRow` with the victim loaded.
    """
    today = today or date.today()
    query = select(RingBack).order_by(RingBack.due_on, RingBack.id)
    if team:
        query = query.where(RingBack.team == team)
    order = {"overdue": 0, "due": 1, "upcoming": 2, "done": 3}
    rows = [RingBackRow(rb, state_of(rb, today)) for rb in session.scalars(query).all()]
    for row in rows:
        row.ring_back.victim  # noqa: B018 - loaded while the session is open
    return sorted(rows, key=lambda row: order[row.state])


def complete(mad, ring_back_id, payload, user):
    """Record a ring-back's outcome; it goes into the crime's chronology. Returns the ring-back.

    Called by the ring-back page. Raises ValidationError (errors by field) or LookupError.
    """
    data = RingBackSchema().load(payload, unknown="exclude")
    author = getattr(user, "display_name", "system")
    with mad.session() as session:
        ring_back = session.get(RingBack, ring_back_id)
        if ring_back is None:
            raise LookupError(ring_back_id)
        if ring_back.done_at is not None:
            raise ValidationError({"outcome": ["This ring-back is already done"]})
        ring_back.outcome, ring_back.notes, ring_back.follow_up = data["outcome"], data["notes"], data["follow_up"]
        ring_back.done_by, ring_back.done_at = author, utcnow()
        victim = ring_back.victim
        parts = [f"Supervisor ring-back to victim {initials(victim.name)}: {label(RING_BACK_OUTCOMES, data['outcome'])}"]
        parts += [f"{name}: {data[key].rstrip('.')}" for name, key in (("Notes", "notes"), ("Follow-up", "follow_up"))
                  if data[key]]
        text = ". ".join(parts) + "."
        entry = RecordsEntry(id=str(uuid.uuid4()), crime_reference=victim.crime_reference,
                             entry_type=EntryTypes.CARE_LOG_STEP, text=text, author=author)
        session.add(entry)
        session.flush()
        session.add_all(RecordsWrite(entry_id=entry.id, writer=name) for name in mad.writers)
    mad.wake_dispatcher()
    return ring_back
