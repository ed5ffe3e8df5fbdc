"""One rule per Victims' Code right, computed from a victim's care-log duties (and its contacts).

Each rule returns an :class:`Outcome`: ``met``, ``rationale`` (not met, with the officer's recorded
reason), ``unexplained`` (not met and no reason: late or never recorded once due), ``not_applicable``
or ``pending`` (not due yet on ``as_of``; left out of shares). Time limits are in working days of
the force's calendar (``mad.calendar``) from the care-log rules ``[care_log]``:

- **Right 1** (understand and be understood): the Victim Needs Assessment, which asks about
  language and communication needs, answered within one working day of recording;
- **Right 3** (written acknowledgement): the written confirmation given within
  ``acknowledgement_working_days`` (5) of recording;
- **Right 4** (referral to support services): referred within ``referral_working_days``
  (``referral_working_days_enhanced`` for enhanced rights) of recording: the care log's referral
  answered in time, or a referral to the commissioned service (the victim agreed) made in time and
  not declined by the service ("met by referral", reason ``by_referral``);
- **Right 5** (compensation): information given once the crime is closed with no further action;
  not applicable before then;
- **Right 6** (updates): a key decision told within ``key_decision_working_days`` (``..._enhanced``)
  and, on no further action, the right to review explained; before any decision, a contact plan
  agreed within one working day;
- **Right 7** (Victim Personal Statement): offered within one working day of recording.
"""

from dataclasses import dataclass

from core.i18n import N_
from core.victims.labels import Duties, States

ACKNOWLEDGEMENT_WORKING_DAYS = 5


class Status:
    """How a right stands for one victim."""

    MET = "met"
    RATIONALE = "rationale"
    UNEXPLAINED = "unexplained"
    NOT_APPLICABLE = "not_applicable"
    PENDING = "pending"
    ALL = (MET, RATIONALE, UNEXPLAINED, NOT_APPLICABLE, PENDING)


STATUS_LABELS = {
    Status.MET: N_("Met"),
    Status.RATIONALE: N_("Not met, with a rationale"),
    Status.UNEXPLAINED: N_("Not met and unexplained"),
    Status.NOT_APPLICABLE: N_("Not applicable"),
    Status.PENDING: N_("Not due yet"),
}

RIGHTS = ("right_1", "right_3", "right_4", "right_5", "right_6", "right_7")
RIGHT_LABELS = {
    "right_1": N_("Right 1: to understand and be understood"),
    "right_3": N_("Right 3: written acknowledgement of the crime"),
    "right_4": N_("Right 4: referral to support services in time"),
    "right_5": N_("Right 5: information about compensation"),
    "right_6": N_("Right 6: updates in time and as agreed"),
    "right_7": N_("Right 7: offered a Victim Personal Statement"),
}


@dataclass(frozen=True)
class Outcome:
    """A right's status for one victim and why (``reason``: a short code, e.g. ``late``)."""

    status: str
    reason: str = ""


def _date(value):
    return value.date() if hasattr(value, "date") else value


def _by_duty(duty, deadline, as_of):
    """The outcome of one answered-or-not duty against a deadline (None: no time limit)."""
    if duty is None or duty.state not in States.ANSWERS:
        if deadline is not None and as_of <= deadline:
            return Outcome(Status.PENDING, "not_due")
        return Outcome(Status.UNEXPLAINED, "not_recorded")
    if duty.state == States.NOT_APPLICABLE:
        return Outcome(Status.NOT_APPLICABLE, "recorded_not_applicable")
    if duty.state == States.NO:
        if (duty.rationale or "").strip():
            return Outcome(Status.RATIONALE, "rationale")
        return Outcome(Status.UNEXPLAINED, "no_without_reason")
    done = _date(duty.recorded_at)
    if deadline is not None and done is not None and done > deadline:
        if (duty.rationale or "").strip():
            return Outcome(Status.RATIONALE, "late_with_rationale")
        return Outcome(Status.UNEXPLAINED, "late")
    return Outcome(Status.MET, "in_time")


def right_4(victim, duty, deadline, as_of):
    """Right 4: the care log's referral in time, else a referral to the commissioned service in time.

    A referral the victim agreed to (``victim.partner_referrals``), made on or before ``deadline``
    and not declined by the service, meets the right: ``Outcome(met, "by_referral")``.
    """
    outcome = _by_duty(duty, deadline, as_of)
    if outcome.status == Status.MET:
        return outcome
    referred = [r for r in (getattr(victim, "partner_referrals", None) or ())
                if r.consent and r.status != "declined" and r.made_at is not None]
    if any(_date(r.made_at) <= deadline for r in referred):
        return Outcome(Status.MET, "by_referral")
    return outcome


def evaluate(victim, duties, contact_dates, rules, calendar, as_of):
    """Every right's :class:`Outcome` for ``victim``: a dict right → Outcome.

    ``duties`` maps duty code → CareDuty (the victim's answers); ``contact_dates`` are the dates
    messages were sent to the victim; ``rules`` the ``[care_log]`` settings; ``calendar`` the
    force's working calendar; ``as_of`` the date figures are worked out on. Called by
    :mod:`core.compliance.figures`.
    """
    recorded = victim.recorded_on
    enhanced = bool(victim.enhanced_category)
    next_day = calendar.add_working_days(recorded, 1)
    out = {
        "right_1": _by_duty(duties.get(Duties.NEEDS_ASSESSMENT), next_day, as_of),
        "right_3": _by_duty(duties.get(Duties.WRITTEN_CONFIRMATION),
                            calendar.add_working_days(recorded, rules.get("acknowledgement_working_days",
                                                                          ACKNOWLEDGEMENT_WORKING_DAYS)), as_of),
        "right_4": right_4(victim, duties.get(Duties.REFERRAL), calendar.add_working_days(
            recorded, rules["referral_working_days_enhanced" if enhanced else "referral_working_days"]), as_of),
        "right_7": _by_duty(duties.get(Duties.VPS_OFFERED), next_day, as_of),
    }
    compensation = duties.get(Duties.COMPENSATION)
    if victim.key_decision != "nfa" and (compensation is None or compensation.state not in States.ANSWERS):
        out["right_5"] = Outcome(Status.NOT_APPLICABLE, "not_closed")
    else:
        out["right_5"] = _by_duty(compensation, None, as_of)
    out["right_6"] = _updates(victim, duties, contact_dates, rules, calendar, as_of, enhanced, next_day)
    return out


def _updates(victim, duties, contact_dates, rules, calendar, as_of, enhanced, next_day):
    """Right 6: key decision told in time (and right to review on NFA); else a contact plan agreed."""
    decided = victim.key_decision_on
    if decided is None:
        return _by_duty(duties.get(Duties.CONTACT_PLAN), next_day, as_of)
    days = rules["key_decision_working_days_enhanced" if enhanced else "key_decision_working_days"]
    deadline = calendar.add_working_days(decided, days)
    told = sorted(d for d in contact_dates if d >= decided)
    if not told:
        if as_of <= deadline:
            return Outcome(Status.PENDING, "not_due")
        return Outcome(Status.UNEXPLAINED, "decision_not_told")
    if told[0] > deadline:
        return Outcome(Status.UNEXPLAINED, "late")
    if victim.key_decision == "nfa":
        return _by_duty(duties.get(Duties.RIGHT_TO_REVIEW), None, as_of)
    return Outcome(Status.MET, "in_time")
