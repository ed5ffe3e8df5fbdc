"""Victims recorded in a period, each with its rights' outcomes, and the rollups the pages show.

Who a victim counts for: the officer in charge's team and the victim's district (the officer's
when the victim has none); victims with no such officer count under "No team".
"""

from collections import defaultdict
from functools import lru_cache
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.compliance.rules import RIGHTS, Status, evaluate
from core.models.people import User
from core.models.victims import Victim

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

    def key(self, dimension):
        """The value of ``dimension`` (one of :data:`DIMENSIONS`) for this victim, as text."""
        if dimension == "enhanced":
            return "enhanced" if self.enhanced else "standard"
        if dimension == "month":
            return self.recorded_on.strftime("%Y-%m")
        return getattr(self, dimension)


def victim_figures(mad, session, start, end, team=None, officer_id=None, as_of=None):
    """Every victim recorded from ``start`` to ``end`` (inclusive), as :class:`VictimFigures`.

    ``team`` keeps one team's victims; ``officer_id`` one officer's. Called by the pages, the
    CLI and the MoJ table. Reads victims, their duties and contacts in three indexed queries.
    """
    as_of = as_of or date.today()
    owner = func.coalesce(Victim.oic_user_id, Victim.created_by_id)
    query = (select(Victim, User.team, User.district).outerjoin(User, User.id == owner)
             .where(Victim.recorded_on >= start, Victim.recorded_on <= end)
             .options(selectinload(Victim.duties), selectinload(Victim.contacts)))
    if team is not None:
        query = query.where(User.team == team) if team != NO_TEAM else query.where(User.team.is_(None))
    if officer_id is not None:
        query = query.where(owner == officer_id)
    rules, calendar = mad.config.care_log, _Memo(mad.calendar)
    rows = []
    for victim, user_team, user_district in session.execute(query.order_by(Victim.recorded_on)).all():
        duties = {d.duty: d for d in victim.duties}
        contacts = [c.created_at.date() for c in victim.contacts if c.created_at is not None]
        rows.append(VictimFigures(
            victim.id, victim.crime_reference, victim.oic_name, victim.oic_user_id or victim.created_by_id,
            user_team or NO_TEAM, victim.district or user_district or "Not recorded", victim.crime_type or "other",
            bool(victim.enhanced_category), victim.recorded_on,
            evaluate(victim, duties, contacts, rules, calendar, as_of)))
    return rows


class _Memo:
    """The force's calendar with due dates remembered for one computation (many victims share a day)."""

    def __init__(self, calendar):
        self.add_working_days = lru_cache(maxsize=4096)(calendar.add_working_days)


def counts(rows, right):
    """Counts of each status of ``right`` over ``rows``, with ``due`` (all but n/a and pending) and ``share``."""
    found = {status: 0 for status in Status.ALL}
    for row in rows:
        found[row.outcomes[right].status] += 1
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
