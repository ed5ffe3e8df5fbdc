"""The figures as the pages, the MoJ CSV and ``mad report`` read them: from the daily rollups.

Each function answers the same question as its raw counterpart (:func:`core.compliance.figures.victim_figures`
and :mod:`core.compliance.usage`) in one or two grouped queries over :mod:`core.models.rollups`,
whatever the size of the force's data. The rollups are brought up to date by
:func:`core.compliance.refresh.refresh` (callers refresh first when they need the figures to the minute).
"""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import func, select

from core.compliance.figures import NO_TEAM, Cell, VictimFigures
from core.compliance.rules import Outcome
from core.i18n import N_
from core.compliance.usage import referrals_by_type, satisfaction, users_by_role_and_team
from core.models.rollups import RIGHTS, STATUSES, UPDATE_BANDS, compliance_daily, compliance_outcomes, usage_daily

#: Bands of days from recording to the first update, in the order shown.
UPDATE_BAND_LABELS = {"same_day": N_("Same day"), "1_day": N_("1 day"), "2_5_days": N_("2 to 5 days"),
                      "6_10_days": N_("6 to 10 days"), "over_10_days": N_("Over 10 days"),
                      "none": N_("No update sent yet")}


def cells(session, start, end, team=None):
    """Victims recorded from ``start`` to ``end`` as :class:`Cell` lines (team × district × crime type × enhanced × month).

    ``team`` keeps one team's. What :func:`core.compliance.figures.rollup`, ``counts``, the MoJ
    table and the charts take, like the raw VictimFigures. One grouped query.
    """
    daily = compliance_daily.c
    keys = (daily.team, daily.district, daily.crime_type, daily.enhanced, daily.month)
    sums = [func.sum(daily[f"{right}_{status}"]) for right in RIGHTS for status in STATUSES]
    bands = [func.sum(daily[f"first_update_{band}"]) for band in UPDATE_BANDS]
    query = (select(*keys, func.sum(daily.victims), *sums, *bands).where(daily.day >= start, daily.day <= end)
             .group_by(*keys).order_by(*keys))
    if team is not None:
        query = query.where(daily.team == team)
    found = []
    for line in session.execute(query).all():
        numbers = [int(n or 0) for n in line[6:]]
        tallies, at = {}, 0
        for right in RIGHTS:
            tallies[right] = {status: numbers[at + i] for i, status in enumerate(STATUSES)}
            at += len(STATUSES)
        found.append(Cell(line[0], line[1], line[2], bool(line[3]), line[4], int(line[5] or 0), tallies,
                          dict(zip(UPDATE_BANDS, numbers[at:], strict=True))))
    return found


def update_bands(rows):
    """``[(band label, victims)]``: days from recording to the first update, over Cells or VictimFigures."""
    found = dict.fromkeys(UPDATE_BANDS, 0)
    for row in rows:
        if isinstance(row, Cell):
            for band, number in row.updates.items():
                found[band] += number
        else:
            found[band_of(row.first_update_days)] += 1
    return [(UPDATE_BAND_LABELS[band], found[band]) for band in UPDATE_BANDS]


def band_of(days):
    """The band (one of :data:`core.models.rollups.UPDATE_BANDS`) of ``days`` to the first update (None: none)."""
    if days is None:
        return "none"
    if days <= 0:
        return "same_day"
    if days == 1:
        return "1_day"
    return "2_5_days" if days <= 5 else "6_10_days" if days <= 10 else "over_10_days"


def victim_lines(session, start, end, team=None, officer_id=None, right=None, status=None):
    """Victims' lines (:class:`VictimFigures`) from ``compliance_outcomes``: for drill-down and an officer's own figures.

    ``right`` and ``status`` keep the victims whose right has that status. Crime reference, officer
    and team only: never a victim's name or contact details.
    """
    outcomes = compliance_outcomes.c
    query = select(compliance_outcomes).where(outcomes.recorded_on >= start, outcomes.recorded_on <= end)
    if team is not None:
        query = query.where(outcomes.team == team)
    if officer_id is not None:
        query = query.where(outcomes.officer_id == officer_id)
    if right is not None:
        query = query.where(outcomes[right] == status)
    rows = []
    for line in session.execute(query.order_by(outcomes.recorded_on, outcomes.crime_reference)).mappings():
        rows.append(VictimFigures(
            line["victim_id"], line["crime_reference"], line["officer"], line["officer_id"], line["team"],
            line["district"], line["crime_type"], bool(line["enhanced"]), line["recorded_on"],
            {r: Outcome(line[r], line[f"{r}_reason"]) for r in RIGHTS}, line["first_update_days"]))
    return rows


def _ranked(found):
    return sorted(found.items(), key=lambda r: (-r[1], r[0]))


def usage_report(session, start, end, team=None):
    """Every usage figure from ``usage_daily`` as one dict of lists of ``(value, count)`` (for pages, JSON and CSV).

    The same keys and values as :func:`core.compliance.usage.usage_report` (the raw computation),
    plus ``first_update`` (days from recording to the first update, from ``compliance_daily``).
    """
    usage = usage_daily.c
    query = (select(usage.breakdown, usage.value, usage.team, usage.district, func.sum(usage.messages))
             .where(usage.day >= start, usage.day <= end)
             .group_by(usage.breakdown, usage.value, usage.team, usage.district))
    if team is not None:
        query = query.where(usage.team == team)
    by = defaultdict(lambda: defaultdict(int))
    users = set()
    for breakdown, value, row_team, district, number in session.execute(query).all():
        number = int(number)
        if breakdown == "user":
            users.add(int(value))
            continue
        by[breakdown][value] += number
        if breakdown == "status":
            by["team"][row_team] += number
            by["district"][district] += number
    report = {f"messages_by_{name}": _ranked(by[key]) for name, key in (
        ("template", "template"), ("channel", "channel"), ("language", "language"), ("team", "team"),
        ("district", "district"), ("status", "status"))}
    report["messages_by_day"] = [(day.isoformat(), n) for day, n in messages_by_day(session, start, end, team)]
    report["failures_by_reason"] = _ranked(by["failure"])
    report["services_signposted"] = _ranked(by["service"])
    report["leaflets_sent"] = _ranked(by["leaflet"])
    report["active_users_by_role"], report["active_users_by_team"] = users_by_role_and_team(session, users)
    report["satisfaction_scores"] = satisfaction(session, start, end, team)
    report["referrals_by_type"] = referrals_by_type(session, start, end)
    report["first_update"] = first_update(session, start, end, team)
    return report


def messages_by_day(session, start, end, team=None):
    """Messages per day from ``start`` to ``end``: ``[(date, count)]`` with every day present (0 when none)."""
    usage = usage_daily.c
    days = dict(session.execute(select(usage.day, func.sum(usage.messages)).where(
        usage.day >= start, usage.day <= end, usage.breakdown == "status",
        *([usage.team == team] if team is not None else [])).group_by(usage.day)).all())
    found, day = [], start
    while day <= end:
        found.append((day, int(days.get(day, 0))))
        day += timedelta(days=1)
    return found


def first_update(session, start, end, team=None):
    """``[(band label, victims)]`` for victims recorded from ``start`` to ``end``: days to their first update."""
    daily = compliance_daily.c
    query = select(*[func.sum(daily[f"first_update_{band}"]) for band in UPDATE_BANDS]).where(
        daily.day >= start, daily.day <= end, *([daily.team == team] if team is not None else []))
    numbers = session.execute(query).one()
    return [(UPDATE_BAND_LABELS[band], int(n or 0)) for band, n in zip(UPDATE_BANDS, numbers, strict=True)]


__all__ = ["NO_TEAM", "cells", "first_update", "messages_by_day", "update_bands", "usage_report", "victim_lines"]
