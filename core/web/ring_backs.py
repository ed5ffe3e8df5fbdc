"""Supervisors' seven-day ring-backs: the list (due, overdue, done) and recording an outcome.

Thin over :mod:`core.victims.ringbacks`; supervisors and admins only.
"""

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from core.constants import Roles
from core.models.victims import RingBack
from core.victims import labels
from core.victims.ringbacks import complete, ring_back_list, state_of
from core.web.access import current_mad, roles_required

blueprint = Blueprint("ring_backs", __name__, url_prefix="/ring-backs")
SUPERVISORS = (Roles.SUPERVISOR, Roles.ADMIN)


@blueprint.get("/")
@roles_required(*SUPERVISORS)
def index():
    """Every ring-back: overdue, due today, not yet due, done; ``?team=`` narrows to one team's."""
    team = request.args.get("team") or None
    mad = current_mad()
    with mad.session() as session:
        rows = ring_back_list(session, team=team)
    teams = sorted(set(mad.config.care_log["ring_back_teams"].values()))
    return render_template("victims/ring_backs.html", rows=rows, team=team, teams=teams, labels=labels)


@blueprint.route("/<int:ring_back_id>", methods=["GET", "POST"])
@roles_required(*SUPERVISORS)
def show(ring_back_id):
    """One ring-back: the victim's details to call, and the outcome form."""
    mad = current_mad()
    errors, values = {}, {}
    if request.method == "POST":
        values = request.form.to_dict()
        try:
            complete(mad, ring_back_id, values, current_user)
        except LookupError:
            abort(404)
        except ValidationError as exc:
            errors = {k: v[0] if isinstance(v, list) else str(v) for k, v in exc.messages.items()}
        else:
            return redirect(url_for("ring_backs.index"))
    with mad.session() as session:
        ring_back = session.get(RingBack, ring_back_id)
        if ring_back is None:
            abort(404)
        victim = ring_back.victim
        state = state_of(ring_back, date.today())
    return render_template("victims/ring_back.html", ring_back=ring_back, victim=victim, state=state, errors=errors,
                           values=values, labels=labels), 400 if errors else 200
