"""Recording victims on a crime and their care log.

Functions that take ``session`` read in the caller's unit of work and never commit; functions that
take ``mad`` open and commit their own transaction, then fire events (after the commit).
"""

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import date

from marshmallow import ValidationError
from sqlalchemy import select

from core.events import CareLogCompleted, CareLogStepRecorded
from core.messaging.recipients import normalise_email, normalise_mobile
from core.models.victims import CareDuty, Victim
from core.victims.chronology import add_step
from core.victims.labels import Duties, States
from core.victims.schemas import CareLogSchema, VictimSchema

log = logging.getLogger(__name__)


class VictimInvalid(Exception):
    """The form cannot be stored; ``errors`` maps each field to one message naming the box."""

    def __init__(self, errors):
        super().__init__("invalid victim or care log")
        self.errors = {k: v[0] if isinstance(v, list) else str(v) for k, v in errors.items()}


# -- reading -------------------------------------------------------------------------------------


def victims_on_crime(session, reference):
    """Every victim and affected witness recorded on crime (or collision) ``reference``, in recording order.

    Called by the crime page, and by other services (e.g. referrals) that need the people on a
    crime. Returns :class:`core.models.victims.Victim` rows (contact details included: show them only
    to roles that contact victims).
    """
    return session.scalars(select(Victim).where(Victim.crime_reference == reference)
                           .order_by(Victim.created_at, Victim.id)).all()


def get_victim(session, victim_id):
    """The victim with ``victim_id``, or None."""
    return session.get(Victim, victim_id) if victim_id else None


def duties_of(victim):
    """``{duty code: CareDuty}`` of what has been recorded for ``victim``."""
    return {duty.duty: duty for duty in victim.duties}


def required_duties(victim):
    """The duties the care log needs answered for ``victim``: the closure boxes only once the crime is closed NFA."""
    return [d for d in Duties.ALL if d not in Duties.ON_CLOSURE or victim.key_decision == "nfa"]


def is_complete(victim):
    """True when every required duty has an answer (yes, no with a reason, or not applicable)."""
    recorded = duties_of(victim)
    return all(d in recorded for d in required_duties(victim))


# -- recording a victim --------------------------------------------------------------------------


def _check_reference(mad, data, errors):
    reference = data["crime_reference"].strip().upper()
    if data["reference_kind"] == "collision":
        if not re.fullmatch(mad.config.care_log["collision_reference_pattern"], reference):
            errors["crime_reference"] = ["Enter the collision reference as the force writes it"]
        return reference
    check = mad.pm.hook.check_crime_reference(reference=data["crime_reference"].strip(), mad=mad)
    if not check.ok:
        errors["crime_reference"] = [check.problem]
        return reference
    return check.normalised or reference


def validate_victim(mad, payload):
    """Validate a victim form (a dict); return the values to store or raise :class:`VictimInvalid`."""
    errors = {}
    try:
        data = VictimSchema().load(payload)
    except ValidationError as exc:
        raise VictimInvalid(exc.messages) from None
    data["crime_reference"] = _check_reference(mad, data, errors)
    if mad.locale(data["locale"]) is None:
        errors["locale"] = ["Choose one of the languages offered"]
    if data.get("district") and data["district"] not in mad.config.force["districts"]:
        errors["district"] = ["Choose the district from the list"]
    for name, normalise in (("phone", normalise_mobile), ("email", normalise_email)):
        if data.get(name):
            try:
                data[name] = normalise(data[name])
            except ValidationError as exc:
                errors[name] = exc.messages
    if errors:
        raise VictimInvalid(errors)
    return data


def record_victim(mad, payload, user, today=None):
    """Record a victim (or affected witness) on a crime or collision; return the stored :class:`Victim`.

    Called by the "Record a victim" page. The recording officer is the OIC's user when the OIC
    named is the officer themself. A ring-back is scheduled when the crime type needs one.
    """
    from core.victims.ringbacks import schedule

    data = validate_victim(mad, payload)
    victim = Victim(id=str(uuid.uuid4()), recorded_on=today or date.today(), created_by_id=getattr(user, "id", None),
                    oic_user_id=getattr(user, "id", None) if data["oic_name"] == getattr(user, "display_name", None)
                    else None, **data)
    with mad.session() as session:
        session.add(victim)
        session.flush()
        schedule(mad, session, victim)
    log.info("victim recorded", extra={"victim_id": victim.id})
    return victim


def update_victim(mad, victim_id, payload):
    """Change a recorded victim's details; return the victim or raise :class:`VictimInvalid` / LookupError."""
    data = validate_victim(mad, payload)
    with mad.session() as session:
        victim = get_victim(session, victim_id)
        if victim is None:
            raise LookupError(victim_id)
        for name, value in data.items():
            setattr(victim, name, value)
    return victim


# -- the care log ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """What saving the care log did: the duties whose answer changed, and whether it is now complete."""

    changed: tuple
    completed_now: bool


def _detail(duty, data):
    if duty == Duties.WRITTEN_CONFIRMATION and data.get("written_confirmation_format"):
        return {"format": data["written_confirmation_format"]}
    if duty == Duties.VPS_OFFERED and data.get("vps_offered_on"):
        return {"offered_on": data["vps_offered_on"].isoformat()}
    if duty == Duties.CONTACT_PLAN and data.get("plan_method"):
        return {"method": data["plan_method"], "frequency": data["plan_frequency"],
                "every_days": data.get("plan_every_days")}
    if duty == Duties.NEEDS_ASSESSMENT:
        return {"answers": dict(data.get("vna") or {})}
    return None


def validate_care_log(mad, payload, today=None):
    """Validate a care log form (a dict); return its values or raise :class:`VictimInvalid`."""
    schema = CareLogSchema(questions=mad.config.care_log["vna_questions"], today=today)
    try:
        return schema.load(payload)
    except ValidationError as exc:
        raise VictimInvalid(exc.messages) from None


def _apply_plan(victim, data):
    if data.get(Duties.CONTACT_PLAN) == States.YES:
        victim.plan_method, victim.plan_frequency = data["plan_method"], data["plan_frequency"]
        victim.plan_every_days = data.get("plan_every_days") if data["plan_frequency"] == "every_n_working_days" else None
        victim.plan_topics, victim.plan_avoid = list(data.get("plan_topics") or []), data.get("plan_avoid")
    if data.get("key_decision"):
        victim.key_decision, victim.key_decision_on = data["key_decision"], data["key_decision_on"]


def save_care_log(mad, victim_id, payload, user, today=None):
    """Validate and store the care log of a victim; every changed answer becomes a chronology entry.

    Called by the care log page. Boxes left blank stay as they were (a duty evidenced by a message
    is never overwritten by a blank). Fires ``care_log_step_recorded`` per changed duty and
    ``care_log_completed`` when the log becomes complete. Returns :class:`Saved`; raises
    :class:`VictimInvalid` or LookupError (no such victim).
    """
    data = validate_care_log(mad, payload, today)
    author = getattr(user, "display_name", "system")
    changed = []
    with mad.session() as session:
        victim = get_victim(session, victim_id)
        if victim is None:
            raise LookupError(victim_id)
        _apply_plan(victim, data)
        recorded = duties_of(victim)
        for duty in Duties.ALL:
            state = data.get(duty)
            if state is None:
                continue
            rationale = data.get(f"{duty}_rationale") if state == States.NO else None
            detail = _detail(duty, data) if state == States.YES or duty == Duties.NEEDS_ASSESSMENT else None
            found = recorded.get(duty)
            if found is not None and (found.state, found.rationale, found.detail) == (state, rationale, detail):
                continue
            if found is not None and found.message_id and found.state == state == States.YES:
                continue  # evidenced by a message: the officer's "yes" adds nothing and keeps the evidence
            if found is None:
                found = CareDuty(victim=victim, duty=duty)
                session.add(found)
            found.state, found.rationale, found.detail, found.recorded_by = state, rationale, detail, author
            found.message_id = None
            entry = add_step(session, mad.writers, victim, duty, state, author, rationale, detail)
            changed.append((duty, state, entry.id))
        session.flush()
        session.refresh(victim)
        completed_now = not victim.care_log_completed and is_complete(victim)
        if completed_now:
            victim.care_log_completed = True
        reference = victim.crime_reference
    after_steps(mad, reference, victim_id, changed, completed_now)
    return Saved(tuple(duty for duty, _, _ in changed), completed_now)


def after_steps(mad, reference, victim_id, changed, completed_now):
    """Fire the events of stored steps (after the commit) and wake the records outbox.

    Called by the care-log service and by the evidence from messages. ``changed`` is a list of
    ``(duty, state, entry id)``.
    """
    for duty, state, entry_id in changed:
        mad.track_event(CareLogStepRecorded(crime_reference=reference, entry_id=entry_id, status=state,
                                            extra={"victim_id": victim_id, "duty": duty}))
    if completed_now:
        mad.track_event(CareLogCompleted(crime_reference=reference, extra={"victim_id": victim_id}))
    if changed:
        mad.wake_dispatcher()
