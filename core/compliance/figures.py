"""Victims recorded in a period, each with its rights' outcomes, and the rollups the pages show.

Who a victim counts for: the officer in charge's team and the victim's district (the officer's
when the victim has none); victims with no such officer count under "No team".
"""

from collections import defaultdict
from functools import lru_cache
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from core.compliance.rules import RIGHTS, Status, evaluate
from core.models.partner import PartnerReferral
from core.models.people import User
from core.models.victims import CareDuty, Victim, VictimContact

NO_TEAM = "No team"
DIMENSIONS = ("team", "district", "crime_type", "enhanced", "month")


@dataclass(frozen=True)
class VictimFigures:
    """One victim's line of the figures: where it counts, and each right's Outcome."""

    victim_id: str
    crime_reference: str
    officer: str
    officer_id: int | None
    team: str
    district: str
    crime_type: str
    enhanced: bool
    recorded_on: date
    outcomes: dict
    #: Days from recording to the first message sent to the victim (None: none sent yet).
    first_update_days: int | None = None
    victims = 1

    def key(self, dimension):
        """The value of ``dimension`` (one of :data:`DIMENSIONS`) for this victim, as text."""
        if dimension == "enhanced":
            return "enhanced" if self.enhanced else "standard"
        if dimension == "month":
            return self.recorded_on.strftime("%Y-%m")
        return getattr(self, dimension)

    def tally(self, right):
        """``{status: victims}`` of ``right`` on this line (one victim)."""
        return {self.outcomes[right].status: 1}


@dataclass(frozen=True)
class Cell:
    """Victims counted together (one line of ``compliance_daily`` summed over a period): counts per right."""

    team: str
    district: str
    crime_type: str
    enhanced: bool
    month: str
    victims: int
    #: ``{right: {status: victims}}``
    counts: dict
    #: ``{band: victims}`` of :data:`core.models.rollups.UPDATE_BANDS`
    updates: dict

    def key(self, dimension):
        """The value of ``dimension`` (one of :data:`DIMENSIONS`) for these victims, as text."""
        if dimension == "enhanced":
            return "enhanced" if self.enhanced else "standard"
        return getattr(self, dimension)

    def tally(self, right):
        """``{status: victims}`` of ``right`` over these victims."""
        return self.counts[right]


def victim_count(rows):
    """How many victims ``rows`` (VictimFigures or Cells) stand for."""
    return sum(row.victims for row in rows)


def owner_column():
    """The user a victim counts for: the officer in charge, else whoever recorded the victim."""
    return func.coalesce(Victim.oic_user_id, Victim.created_by_id)


def victim_lines(query_filter):
    """The columns of victims that the rules and the figures read, with their owner's team (a SELECT).

    ``query_filter`` is applied to it (a function taking and returning the select).
    """
    owner = owner_column()
    query = (select(Victim.id, Victim.crime_reference, Victim.oic_name, owner.label("owner_id"), Victim.recorded_on,
                    Victim.enhanced_category, Victim.key_decision, Victim.key_decision_on, Victim.district,
                    Victim.crime_type, User.team.label("user_team"), User.district.label("user_district"))
             .outerjoin(User, User.id == owner))
    return query_filter(query)


class _WithReferrals:
    """A victim's row with its referrals to the commissioned service (Right 4 met by referral)."""

    def __init__(self, row, partner_referrals):
        self._row, self.partner_referrals = row, partner_referrals

    def __getattr__(self, name):
        return getattr(self._row, name)


def figures_of(mad, session, victims, as_of):
    """:class:`VictimFigures` of ``victims`` (rows of :func:`victim_lines`), reading their duties and contacts.

    Called by :func:`victim_figures` (the raw computation) and :mod:`core.compliance.refresh` (the
    rollups), so both work every right out the same way.
    """
    ids = [v.id for v in victims]
    duties, contacts, referrals = defaultdict(dict), defaultdict(list), defaultdict(list)
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        for duty in session.execute(select(CareDuty.victim_id, CareDuty.duty, CareDuty.state, CareDuty.rationale,
                                           CareDuty.recorded_at).where(CareDuty.victim_id.in_(part))):
            duties[duty.victim_id][duty.duty] = duty
        for victim_id, created in session.execute(select(VictimContact.victim_id, VictimContact.created_at)
                                                  .where(VictimContact.victim_id.in_(part))):
            if created is not None:
                contacts[victim_id].append(created.date())
        for referral in session.execute(select(PartnerReferral.victim_id, PartnerReferral.consent, PartnerReferral.status,
                                               PartnerReferral.made_at).where(PartnerReferral.victim_id.in_(part))):
            referrals[referral.victim_id].append(referral)
    rules, calendar = mad.config.care_log, _Memo(mad.calendar)
    rows = []
    for victim in victims:
        sent = contacts.get(victim.id, [])
        rows.append(VictimFigures(
            victim.id, victim.crime_reference, victim.oic_name, victim.owner_id,
            victim.user_team or NO_TEAM, victim.district or victim.user_district or "Not recorded",
            victim.crime_type or "other", bool(victim.enhanced_category), victim.recorded_on,
            evaluate(_WithReferrals(victim, referrals[victim.id]) if victim.id in referrals else victim,
                     duties.get(victim.id, {}), sent, rules, calendar, as_of),
            (min(sent) - victim.recorded_on).days if sent else None))
    return rows


def victim_figures(mad, session, start, end, team=None, officer_id=None, as_of=None):
    """Every victim recorded from ``start`` to ``end`` (inclusive), as :class:`VictimFigures`, from the raw tables.

    ``team`` keeps one team's victims; ``officer_id`` one officer's. The pages and reports read the
    rollups instead (:mod:`core.compliance.stored`); this is the straightforward computation they
    are checked against, and what the rollups are built from.
    """
    as_of = as_of or date.today()

    def scope(query):
        query = query.where(Victim.recorded_on >= start, Victim.recorded_on <= end)
        if team is not None:
            query = query.where(User.team == team) if team != NO_TEAM else query.where(User.team.is_(None))
        if officer_id is not None:
            query = query.where(owner_column() == officer_id)
        return query.order_by(Victim.recorded_on, Victim.id)

    return figures_of(mad, session, session.execute(victim_lines(scope)).all(), as_of)


class _Memo:
    """The force's calendar with due dates remembered for one computation (many victims share a day)."""

    def __init__(self, calendar):
        self.add_working_days = lru_cache(maxsize=4096)(calendar.add_working_days)


def counts(rows, right):
    """Counts of each status of ``right`` over ``rows`` (VictimFigures or Cells).

    With ``due`` (all but not applicable and not due yet) and ``share`` (percent met of due).
    """
    found = {status: 0 for status in Status.ALL}
    for row in rows:
        for status, number in row.tally(right).items():
            found[status] += number
    due = found[Status.MET] + found[Status.RATIONALE] + found[Status.UNEXPLAINED]
    found["due"] = due
    found["share"] = round(100 * found[Status.MET] / due, 1) if due else None
    return found


def rollup(rows, dimension):
    """Figures of every right by ``dimension``: a list of dicts (``key``, ``right``, counts), sorted."""
    groups = defaultdict(list)
    for row in rows:
        groups[row.key(dimension)].append(row)
    return [{"key": key, "right": right, **counts(group, right)}
            for key, group in sorted(groups.items()) for right in RIGHTS]


def drill_down(rows, right, status):
    """The victims' lines behind one figure: those whose ``right`` has ``status`` (crime and officer only)."""
    return [row for row in rows if row.outcomes[right].status == status]
