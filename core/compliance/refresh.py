"""Keep the figures' rollups (:mod:`core.models.rollups`) up to date, touching only what changed.

A refresh finds what changed since the last one (a high-water mark on ``updated_at`` with a short
overlap, so a transaction that committed late is not missed):

- victims edited, their care-log duties answered or changed, messages sent to them, victims whose
  rights were "not due yet" when last worked out (once a day), and every victim of a user moved to
  another team or district: their rights are worked out again (:func:`core.compliance.figures.figures_of`,
  the same code as the raw computation) and their days recounted in ``compliance_daily``;
- messages created or changed (delivery, failure, retention purge) and every message of a moved
  user: their day and team is recounted in ``usage_daily``.

The first refresh, or one after the care-log rules or the calendar changed, rebuilds everything.
Called by the embedded dispatcher (every :data:`REFRESH_EVERY_SECONDS`), the Celery beat task
``mad.refresh_rollups``, ``mad report`` and ``mad report refresh`` and the dashboards before they
read (a no-op taking a few indexed look-ups when nothing changed). Refreshes never run at the same
time on PostgreSQL (an advisory lock); SQLite serialises writers itself.
"""

import hashlib
import json
import logging
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import case, delete, func, insert, select, text, tuple_

from core.compliance.figures import NO_TEAM, figures_of, victim_lines
from core.compliance.usage import message_counts, window
from core.db import utcnow
from core.models.messages import Message
from core.models.people import User
from core.models.rollups import (
    RIGHTS, STATUSES, UPDATE_BANDS, compliance_daily, compliance_outcomes, rollup_state, usage_daily,
)
from core.models.victims import CareDuty, Victim, VictimContact

log = logging.getLogger(__name__)

NAME = "figures"
#: Changes stamped up to this long before the last refresh are looked at again (late commits).
OVERLAP = timedelta(minutes=2)
REFRESH_EVERY_SECONDS = 60
CHUNK = 500
#: Any number: the PostgreSQL advisory lock that keeps refreshes one at a time.
LOCK_KEY = 1812


def refresh(mad, now=None, full=False, wait=True):
    """Bring the rollups up to date; return what was recounted (``victims``, ``compliance_days``, ``usage_days``).

    ``full`` rebuilds everything (``mad report refresh --full``). ``wait=False`` (the pages) returns
    at once, recounting nothing, when another refresh is running on PostgreSQL: the page shows the
    figures as that refresh left them rather than waiting. See the module's docstring for what is
    looked at and who calls it.
    """
    now = now or utcnow()
    today = now.date()
    with mad.session() as session:
        if session.bind.dialect.name == "postgresql":
            if wait:
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            elif not session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": LOCK_KEY}):
                return {"victims": 0, "compliance_days": 0, "usage_days": 0, "full": 0}
        state = session.execute(select(rollup_state).where(rollup_state.c.name == NAME)).first()
        teams = {str(uid): [team, district] for uid, team, district in session.execute(
            select(User.id, User.team, User.district))}
        fingerprint = _fingerprint(mad)
        if full or state is None or state.fingerprint != fingerprint:
            result = _rebuild_all(mad, session, today)
        else:
            before = state.teams or {}
            # a user new since the last refresh has nothing counted under an older team
            moved = {uid for uid in before if teams.get(uid) != before[uid]}
            result = _refresh_since(mad, session, (state.refreshed_at - OVERLAP, now), today, moved, before, teams)
            if not any(result.values()) and teams == before:
                return result  # nothing changed: the mark stays (a late commit is still caught), nothing written
        session.execute(delete(rollup_state).where(rollup_state.c.name == NAME))
        session.execute(insert(rollup_state).values(name=NAME, refreshed_at=now, fingerprint=fingerprint, teams=teams))
    if any(result.values()):
        log.info("figures refreshed", extra=result)
    return result


def refreshed_at(session):
    """When the rollups were last refreshed (None: never)."""
    return session.scalar(select(rollup_state.c.refreshed_at).where(rollup_state.c.name == NAME))


def _fingerprint(mad):
    settings = {"care_log": mad.config.care_log, "calendar": getattr(mad.config, "calendar", None)}
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


def _rebuild_all(mad, session, today):
    for table in (compliance_outcomes, compliance_daily, usage_daily):
        session.execute(delete(table))
    first, last = session.execute(select(func.min(Victim.recorded_on), func.max(Victim.recorded_on))).one()
    victims = 0
    for start, end in _months(first, last):
        lines = session.execute(victim_lines(
            lambda q, s=start, e=end: q.where(Victim.recorded_on >= s, Victim.recorded_on <= e))).all()
        victims += _store_outcomes(session, figures_of(mad, session, lines, today), today)
    days = _count_compliance(session, None)
    since, until = session.execute(select(func.min(Message.created_at), func.max(Message.created_at))).one()
    usage_days = 0
    for start, end in _months(since and since.date(), until and until.date()):
        usage_days += _count_usage(session, start, end, None)
    return {"victims": victims, "compliance_days": days, "usage_days": usage_days, "full": 1}


def _months(first, last):
    """``(first day, last day)`` of each calendar month from ``first`` to ``last`` (none when either is None)."""
    if first is None or last is None:
        return
    start = first.replace(day=1)
    while start <= last:
        following = (start + timedelta(days=32)).replace(day=1)
        yield start, following - timedelta(days=1)
        start = following


def _refresh_since(mad, session, span, today, moved, before, teams):
    """Work out again what changed within ``span`` (``(since, now)``: a stamp later than now waits until then)."""
    since, now = span
    outcomes = compliance_outcomes.c
    ids = set(session.scalars(select(Victim.id).where(Victim.updated_at > since, Victim.updated_at <= now)))
    ids |= set(session.scalars(select(CareDuty.victim_id).where(CareDuty.updated_at > since, CareDuty.updated_at <= now)))
    ids |= set(session.scalars(select(VictimContact.victim_id).where(VictimContact.created_at > since,
                                                                     VictimContact.created_at <= now)))
    ids |= set(session.scalars(select(outcomes.victim_id).where(outcomes.pending.is_(True), outcomes.computed_on < today)))
    moved_ids = [int(uid) for uid in moved]
    for part in _chunks(moved_ids):
        ids |= set(session.scalars(select(outcomes.victim_id).where(outcomes.officer_id.in_(part))))
        ids |= set(session.scalars(select(Victim.id).where(func.coalesce(Victim.oic_user_id, Victim.created_by_id).in_(part))))
    keys = set()
    for part in _chunks(sorted(ids)):
        keys |= {(day, team) for day, team in session.execute(
            select(outcomes.recorded_on, outcomes.team).where(outcomes.victim_id.in_(part)))}
        session.execute(delete(compliance_outcomes).where(outcomes.victim_id.in_(part)))
        lines = session.execute(victim_lines(lambda q, p=part: q.where(Victim.id.in_(p)))).all()
        figures = figures_of(mad, session, lines, today)
        _store_outcomes(session, figures, today)
        keys |= {(row.recorded_on, row.team) for row in figures}
    _count_compliance(session, keys)
    usage_keys = set()
    changed = select(Message.created_at, User.team).outerjoin(User, User.id == Message.created_by_id)
    for created, team in session.execute(changed.where(Message.updated_at > since, Message.updated_at <= now)):
        if created is not None:
            usage_keys.add((created.date(), team or NO_TEAM))
    for part in _chunks(moved_ids):
        for created, user_id in session.execute(select(Message.created_at, Message.created_by_id)
                                                .where(Message.created_by_id.in_(part))):
            for state in (before, teams):
                usage_keys.add((created.date(), (state.get(str(user_id)) or [None])[0] or NO_TEAM))
    _recount_usage(session, usage_keys)
    return {"victims": len(ids), "compliance_days": len(keys), "usage_days": len(usage_keys), "full": 0}


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _store_outcomes(session, figures, today):
    lines = []
    for row in figures:
        line = {"victim_id": row.victim_id, "crime_reference": row.crime_reference, "officer": row.officer or "",
                "officer_id": row.officer_id, "team": row.team, "district": row.district, "crime_type": row.crime_type,
                "enhanced": row.enhanced, "recorded_on": row.recorded_on, "first_update_days": row.first_update_days,
                "pending": any(o.status == "pending" for o in row.outcomes.values()), "computed_on": today}
        for right in RIGHTS:
            line[right], line[f"{right}_reason"] = row.outcomes[right].status, row.outcomes[right].reason[:32]
        lines.append(line)
    _bulk_insert(session, compliance_outcomes, lines)
    return len(lines)


def _bulk_insert(session, table, rows):
    """Insert ``rows`` (dicts with the same keys): on PostgreSQL with COPY in the session's transaction."""
    if not rows:
        return
    if session.bind.dialect.name != "postgresql":
        for start in range(0, len(rows), 5 * CHUNK):
            session.execute(insert(table), rows[start:start + 5 * CHUNK])
        return
    columns = list(rows[0])
    names = ", ".join(table.c[column].name for column in columns)  # our own table's columns, never input
    driver = session.connection().connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:  # nosec B608
        for row in rows:
            copy.write_row(tuple(row[column] for column in columns))


def _band_case(days):
    return case((days.is_(None), "none"), (days <= 0, "same_day"), (days == 1, "1_day"), (days <= 5, "2_5_days"),
                (days <= 10, "6_10_days"), else_="over_10_days")


def _count_compliance(session, keys):
    """Recount ``compliance_daily`` for ``keys`` (``{(day, team)}``; None: everything) from the outcomes.

    Returns how many (day, team) pairs now have figures.
    """
    outcomes = compliance_outcomes.c
    sums = [func.sum(case((outcomes[right] == status, 1), else_=0)).label(f"{right}_{status}")
            for right in RIGHTS for status in STATUSES]
    band = _band_case(outcomes.first_update_days)
    sums += [func.sum(case((band == name, 1), else_=0)).label(f"first_update_{name}") for name in UPDATE_BANDS]
    grouped = (select(outcomes.recorded_on, outcomes.team, outcomes.district, outcomes.crime_type, outcomes.enhanced,
                      func.count().label("victims"), *sums)
               .group_by(outcomes.recorded_on, outcomes.team, outcomes.district, outcomes.crime_type, outcomes.enhanced))
    scopes = [None] if keys is None else list(_chunks(sorted(keys)))
    counted = set()
    for part in scopes:
        query = grouped
        if part is not None:
            match = tuple_(outcomes.recorded_on, outcomes.team).in_(part)
            session.execute(delete(compliance_daily).where(
                tuple_(compliance_daily.c.day, compliance_daily.c.team).in_(part)))
            query = grouped.where(match)
        rows = []
        for found in session.execute(query).mappings():
            row = dict(found)
            row["day"] = row.pop("recorded_on")
            row["month"] = row["day"].strftime("%Y-%m")
            rows.append(row)
            counted.add((row["day"], row["team"]))
        _bulk_insert(session, compliance_daily, rows)
    return len(counted)


def _recount_usage(session, keys):
    """Recount ``usage_daily`` for ``keys`` (``{(day, team)}``) in as few passes as suit them.

    Days where many teams changed (new work today) are counted for every team at once, a run of
    consecutive days per pass; what is left (a moved user's history) team by team.
    """
    teams_of = defaultdict(set)
    for day, team in keys:
        teams_of[day].add(team)
    busy = sorted(day for day, teams in teams_of.items() if len(teams) > 2)
    runs = []
    for day in busy:
        if runs and (day - runs[-1][-1]).days <= 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        _count_usage(session, run[0], run[-1], None, keys={(day, team) for day in run for team in teams_of[day]})
    by_team = defaultdict(set)
    for day, team in keys:
        if day not in teams_of or len(teams_of[day]) <= 2:
            by_team[team].add(day)
    for team, days in by_team.items():
        _count_usage(session, min(days), max(days), team, days)


def _count_usage(session, first, last, team, days=None, keys=None):
    """Recount ``usage_daily`` for ``team`` (None: every team) from ``first`` to ``last``.

    Only ``days`` (of that team) or only ``keys`` (``{(day, team)}``) when given. Returns how many
    (day, team) pairs were counted.
    """
    counted = defaultdict(int)
    for day, row_team, district, breakdown, value, number in message_counts(session, *window(first, last), team=team):
        if (days is None or day in days) and (keys is None or (day, row_team) in keys):
            counted[(day, row_team, district, breakdown, value[:200])] += number
    target = usage_daily.c
    wanted = sorted(days) if days is not None else None
    if keys is not None:
        for part in _chunks(sorted(keys)):
            session.execute(delete(usage_daily).where(tuple_(target.day, target.team).in_(part)))
    elif wanted is None:
        condition = [target.day >= first, target.day <= last]
        if team is not None:
            condition.append(target.team == team)
        session.execute(delete(usage_daily).where(*condition))
    else:
        for part in _chunks(wanted):
            session.execute(delete(usage_daily).where(target.team == team, target.day.in_(part)))
    rows = [{"day": day, "team": row_team, "district": district, "breakdown": breakdown, "value": value,
             "messages": number} for (day, row_team, district, breakdown, value), number in counted.items()]
    _bulk_insert(session, usage_daily, rows)
    return len({(key[0], key[1]) for key in counted})

