"""Each completed care-log step becomes a chronology entry, through every records writer.

The entry is stored in the caller's transaction with the duty it describes (the records outbox
then writes it into every records system until it lands, de-duplicated by entry id), so a crash
leaves both or neither. The structured details (duty, answer) go with it for records systems
that file them (see :func:`step_details`).
"""

import uuid

from sqlalchemy import select

from core.constants import EntryTypes
from core.models.records import RecordsEntry, RecordsWrite
from core.models.victims import CareLogStep
from core.victims.labels import (
    CONTACT_FREQUENCIES, CONTACT_METHODS, DUTY_LABELS, LEAFLET_FORMATS, PERSON_KINDS, STATE_LABELS, Duties, States,
    duty_label, label,
)


def initials(name):
    """The victim's initials, as the chronology names them (``"Jo Bloggs"`` → ``"J. B."``)."""
    return " ".join(f"{part[0].upper()}." for part in (name or "").split() if part) or "?"


def _facts(duty, detail):
    detail = detail or {}
    if duty == Duties.WRITTEN_CONFIRMATION and detail.get("format"):
        return f"format: {label(LEAFLET_FORMATS, detail['format'])}"
    if duty == Duties.VPS_OFFERED and detail.get("offered_on"):
        return f"offered on {detail['offered_on']}"
    if duty == Duties.CONTACT_PLAN and detail.get("method"):
        how = label(CONTACT_FREQUENCIES, detail.get("frequency"))
        if detail.get("frequency") == "every_n_working_days":
            how = f"every {detail.get('every_days')} working days"
        return f"{label(CONTACT_METHODS, detail['method'])}, {how}"
    if duty == Duties.NEEDS_ASSESSMENT and detail.get("answers") is not None:
        yes = sorted(q for q, a in detail["answers"].items() if a == States.YES)
        return "needs found: " + (", ".join(yes) if yes else "none")
    if detail.get("evidence"):
        return detail["evidence"]
    return ""


def step_text(victim, duty, state, rationale=None, detail=None):
    """The chronology text of one step, in English words (never codes)."""
    who = f"{label(PERSON_KINDS, victim.person_kind)} {initials(victim.name)}"
    line = f"Victim care log, {who}: {duty_label(duty, victim.reference_kind)} \u2013 {label(STATE_LABELS, state)}"
    facts = _facts(duty, detail)
    if facts:
        line += f" ({facts})"
    if state == States.NO and rationale:
        line += f". Reason: {rationale}"
    return line + "."


def add_step(session, writers, victim, duty, state, author, rationale=None, detail=None, message_id=None):
    """Store a chronology entry for ``duty`` of ``victim`` and a write per records writer; return the entry.

    Called by the care-log service and the evidence from messages, inside their transaction;
    ``writers`` are the names of the enabled records writers (``mad.writers``).
    """
    entry = RecordsEntry(id=str(uuid.uuid4()), crime_reference=victim.crime_reference,
                         entry_type=EntryTypes.CARE_LOG_STEP, text=step_text(victim, duty, state, rationale, detail),
                         author=author)
    session.add(entry)
    session.flush()
    session.add_all(RecordsWrite(entry_id=entry.id, writer=name) for name in writers)
    session.add(CareLogStep(victim_id=victim.id, entry_id=entry.id, duty=duty, state=state, message_id=message_id))
    return entry


def step_details(session, entry):
    """Structured details of a care-log entry (duty, answer, victim's kind), or {} when it is not one.

    Called by :func:`core.records.details.entry_details` when it hands an entry to a writer.
    """
    step = session.scalar(select(CareLogStep).where(CareLogStep.entry_id == entry.id))
    if step is None:
        return {}
    details = {"duty": step.duty, "duty_label": DUTY_LABELS.get(step.duty, step.duty), "state": step.state,
               "state_label": label(STATE_LABELS, step.state)}
    if step.message_id:
        details["evidence_message"] = step.message_id
    return details
