"""``/healthz``: is the database reachable, is the dispatcher running, and (celery mode) the broker.

The dispatcher block names its ``mode`` (``embedded`` or ``celery``). In celery mode it holds
``broker``: ``{"state": "ok", "queue": ..., "tasks_waiting": n}`` or ``{"state": "unavailable"}``.
``needs_attention`` counts what failed loudly and waits for a person (messages failed or whose
delivery is unknown in the last week, records writes given up) and gives the oldest one's age.
A broker outage answers 200 with ``"status": "degraded"``: sends are still stored safely and the
sweeper enqueues them once the broker is back, so web servers should stay in service.
"""

from flask import Blueprint, jsonify
from sqlalchemy import text

from core.messaging import attention
from core.web.access import current_mad, public

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
@public
def healthz():
    """JSON for load balancers and monitoring: 200 when the database answers, else 503."""
    mad = current_mad()
    body = {"status": "ok", "force": mad.config.force["name"]}
    try:
        with mad.session() as session:
            session.execute(text("SELECT 1"))
            body["needs_attention"] = attention.summary(session)
        body["database"] = {"state": "ok", "dialect": mad.db.dialect}
        body["dispatcher"] = mad.dispatcher.state()
        if body["dispatcher"].get("broker", {}).get("state") == "unavailable":
            body["status"] = "degraded"
    except Exception as exc:
        body["status"] = "error"
        body["database"] = {"state": "unavailable", "error": type(exc).__name__}
        body["dispatcher"] = {"mode": mad.dispatcher.mode, "state": "running" if mad.dispatcher.running else "stopped"}
        return jsonify(body), 503
    return jsonify(body)
