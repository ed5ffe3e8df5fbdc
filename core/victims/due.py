"""Due dates that chase themselves: what each victim is owed next, and the officer's "My victims".

Rules, in working days from the force's calendar (:mod:`core.working_days`) unless said:

- **referral** (Right 4): support services within ``referral_working_days`` of recording (1 for
  enhanced rights), until the referral duty is answered;
- **key decision** (Right 6): told within ``key_decision_working_days`` of the decision (1 for enhanced
  rights), until a message is sent on or after the decision's date;
- **update**: by the contact plan (every N working days since the last contact);
- **max interval**: no victim left without contact for more than ``max_interval_days`` calendar days;
- **care log**: not complete one working day after recording.

Each rule gives a due date; "My victims" lists every victim whose earliest due date is today or
past, with the one action that meets it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from core.models.victims import Victim
from core.victims.labels import Duties
from core.victims.service import duties_of, is_complete

#: The template an officer sends to meet a key decision, by decision.
DECISION_TEMPLATES = {"charge": "suspect_charged", "nfa": "crime_closed_nfa"}
UPDATE_TEMPLATE = "investigation_update"


@dataclass(frozen=True)
class Due:
    """Something a victim is owed by a date, and the action that meets it.

    ``action`` is ``("send", template id)``, ``("support", None)`` (the victim's suggested
    services) or ``("care_log", None)``; the pages turn it into a link.
    """

    reason: str
    due_on: date
    action: tuple


@dataclass(frozen=True)
class DueVictim:
    """One line of "My victims": the victim, what is due first, and whether it is overdue."""

    victim: Victim
    due: Due
    overdue: bool


def last_contact_on(victim):
    """The date of the last message sent to ``victim`` (None: never contacted through the toolkit)."""
    dates = [c.created_at.date() for c in victim.contacts if c.created_at is not None]
    return max(dates) if dates else None


def dues(victim, rules, calendar):
    """Everything ``victim`` is owed, earliest first (a list of :class:`Due`)."""
    found = []
    enhanced = victim.enhanced
    recorded = duties_of(victim)
    last = last_contact_on(victim)
    if Duties.REFERRAL not in recorded:
        days = rules["referral_working_days_enhanced" if enhanced else "referral_working_days"]
        found.append(Due("referral", calendar.add_working_days(victim.recorded_on, days), ("support", None)))
    if victim.key_decision_on and (last is None or last < victim.key_decision_on):
        days = rules["key_decision_working_days_enhanced" if enhanced else "key_decision_working_days"]
        template = DECISION_TEMPLATES.get(victim.key_decision, UPDATE_TEMPLATE)
        found.append(Due("key_decision", calendar.add_working_days(victim.key_decision_on, days), ("send", template)))
    since = last or victim.recorded_on
    if victim.plan_frequency == "every_n_working_days" and victim.plan_every_days:
        found.append(Due("update", calendar.add_working_days(since, victim.plan_every_days), ("send", UPDATE_TEMPLATE)))
    found.append(Due("max_interval", since + timedelta(days=rules["max_interval_days"]), ("send", UPDATE_TEMPLATE)))
    if not is_complete(victim):
        found.append(Due("care_log", calendar.add_working_days(victim.recorded_on, 1), ("care_log", None)))
    return sorted(found, key=lambda d: d.due_on)


def my_victims(mad, session, user_id, today=None):
    """The victims ``user_id`` is the OIC of (or recorded), with something due today or overdue.

    Called by the home page. Returns :class:`DueVictim` rows, most overdue first. A victim whose
    crime is closed and who has been told (NFA sent) is still listed if a duty is outstanding.
    """
    today = today or date.today()
    calendar = mad.calendar
    rules = mad.config.care_log
    victims = session.scalars(select(Victim).where(
        or_(Victim.oic_user_id == user_id, (Victim.oic_user_id.is_(None)) & (Victim.created_by_id == user_id)))).all()
    rows = []
    for victim in victims:
        owed = [d for d in dues(victim, rules, calendar) if d.due_on <= today]
        if owed:
            rows.append(DueVictim(victim, owed[0], owed[0].due_on < today))
    return sorted(rows, key=lambda row: (row.due.due_on, row.victim.name))
