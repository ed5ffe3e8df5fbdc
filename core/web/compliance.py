"""Compliance and usage dashboards: analysts see every team, supervisors their own; drill-down audited.

Thin over :mod:`core.compliance`. Filters live in the URL (``?from=2026-04-01&to=2026-06-30&team=...``)
so a view can be shared. Charts are SVG images (``/compliance/chart/<name>.svg``) with the table
behind each one on the page; drill-down lists crime references and officers, never contact details.
"""

from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from core.auth.audit import AccessKinds, record_access
from core.compliance import charts, stored
from core.compliance.figures import NO_TEAM, counts, rollup, victim_count
from core.compliance.moj import measures, to_csv
from core.compliance.period import read_period
from core.compliance.refresh import refresh
from core.compliance.rules import RIGHT_LABELS, RIGHTS, STATUS_LABELS, Status
from core.constants import Roles
from core.models.people import User
from core.web.access import current_mad, roles_required
from core.web.headers import own_policy

blueprint = Blueprint("compliance", __name__, url_prefix="/compliance")
VIEWERS = (Roles.ANALYST, Roles.SUPERVISOR, Roles.ADMIN)
#: An SVG chart is an image: its own styles, nothing else (pygal's inline config script never runs).
CHART_POLICY = {"default-src": "'none'", "style-src": "'unsafe-inline'"}


def _scope():
    start, end, team, errors = read_period(request.args, current_user)
    return start, end, team or None, errors


def _filters(start, end, team, **more):
    return {"from": start.isoformat(), "to": end.isoformat(), **({"team": team} if team else {}), **more}


def _teams(session):
    if current_user.role == Roles.SUPERVISOR:
        return [current_user.team] if current_user.team else []
    return sorted(t for t in session.scalars(select(User.team).where(User.team.is_not(None)).distinct())) + [NO_TEAM]


def _rows(session, start, end, team):
    """The figures' lines for the period (from the daily rollups, brought up to date first by :func:`_fresh`)."""
    return stored.cells(session, start, end, team)


def _fresh():
    """Bring the rollups up to date before a view reads them (a few indexed look-ups when nothing changed).

    Never waits behind another refresh (the dispatcher's, or the first build after an upgrade).
    """
    refresh(current_mad(), wait=False)


@blueprint.get("/")
@roles_required(*VIEWERS)
def dashboard():
    """The MoJ measures, each right by team (RAG), the monthly trend; filters in the URL."""
    start, end, team, errors = _scope()
    _fresh()
    with current_mad().session() as session:
        rows = _rows(session, start, end, team)
        teams = _teams(session)
    return render_template("compliance/dashboard.html", start=start, end=end, team=team, teams=teams, errors=errors,
                           victims=victim_count(rows), moj=measures(rows), by_team=rollup(rows, "team"),
                           by_month=rollup(rows, "month"), by_district=rollup(rows, "district"),
                           by_crime=rollup(rows, "crime_type"), by_enhanced=rollup(rows, "enhanced"),
                           filters=_filters(start, end, team), rights=RIGHTS, right_labels=RIGHT_LABELS,
                           status_labels=STATUS_LABELS, no_team=current_user.role == Roles.SUPERVISOR and not current_user.team)


@blueprint.get("/moj.csv")
@roles_required(*VIEWERS)
def moj_csv():
    """The MoJ measures for the filtered period as CSV (layout in the README), by team when unfiltered."""
    start, end, team, _errors = _scope()
    _fresh()
    with current_mad().session() as session:
        rows = _rows(session, start, end, team)
        record_access(session, current_user, AccessKinds.EXPORT, detail=f"MoJ measures {start}..{end} {team or 'all'}")
    name = f"moj-measures-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(to_csv(rows, start, end, by_team=team is None), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.get("/chart/<chart_name>.svg")
@roles_required(*VIEWERS)
@own_policy(CHART_POLICY)
def chart(chart_name):
    """One chart as SVG: ``trend`` (rights met by month), ``team-<right>`` (bars by team) or ``daily``."""
    name = chart_name
    start, end, team, _errors = _scope()
    _fresh()
    with current_mad().session() as session:
        if name == "daily":
            svg = charts.daily(stored.messages_by_day(session, start, end, team), "Messages a day")
        elif name == "trend":
            labels = {r: str(RIGHT_LABELS[r]) for r in RIGHTS}
            svg = charts.trend(_rows(session, start, end, team), labels, "Share of victims whose right was met, by month")
        elif name.startswith("team-") and name[5:] in RIGHTS:
            svg = charts.by_team(_rows(session, start, end, team), name[5:],
                                 f"{RIGHT_LABELS[name[5:]]}: share met by team")
        else:
            abort(404)
    return Response(svg, mimetype="image/svg+xml")


@blueprint.get("/drill-down")
@roles_required(*VIEWERS)
def drill():
    """The crimes behind one figure (``?right=right_4&status=unexplained``): references and officers. Audited."""
    right, status = request.args.get("right"), request.args.get("status")
    if right not in RIGHTS or status not in Status.ALL:
        abort(404)
    start, end, team, errors = _scope()
    _fresh()
    with current_mad().session() as session:
        behind = stored.victim_lines(session, start, end, team, right=right, status=status)
        for reference in sorted({row.crime_reference for row in behind}):
            record_access(session, current_user, AccessKinds.COMPLIANCE, reference, detail=f"{right} {status}")
    return render_template("compliance/drill_down.html", rows=behind, right=right, status=status, start=start,
                           end=end, team=team, right_labels=RIGHT_LABELS, status_labels=STATUS_LABELS,
                           filters=_filters(start, end, team))


@blueprint.get("/usage")
@roles_required(*VIEWERS)
def usage_page():
    """Usage: messages by day, template, channel, language, team; failures; services signposted; referrals."""
    start, end, team, errors = _scope()
    _fresh()
    with current_mad().session() as session:
        figures = stored.usage_report(session, start, end, team=team)
        teams = _teams(session)
    return render_template("compliance/usage.html", figures=figures, start=start, end=end, team=team, teams=teams,
                           errors=errors, filters=_filters(start, end, team))


@blueprint.get("/usage.csv")
@roles_required(*VIEWERS)
def usage_csv():
    """Every usage figure as CSV: ``figure,value,count``."""
    import csv
    import io

    from core.csv_safety import neutralise

    start, end, team, _errors = _scope()
    _fresh()
    with current_mad().session() as session:
        figures = stored.usage_report(session, start, end, team=team)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("figure", "value", "count"))
    for name, lines in figures.items():
        for value, count in lines:
            writer.writerow((name, neutralise(str(value)), count))
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="usage-{start}-{end}.csv"'})


@blueprint.app_context_processor
def _officer_figures():
    """``my_compliance()`` for the officer's home page partial: their victims' rights this month."""

    def my_compliance():
        today = date.today()
        _fresh()
        with current_mad().session() as session:
            rows = stored.victim_lines(session, today.replace(day=1), today, officer_id=current_user.id)
        return {"victims": len(rows), "lines": [{"right": r, **counts(rows, r)} for r in RIGHTS]}

    return {"my_compliance": my_compliance, "compliance_right_labels": RIGHT_LABELS}

