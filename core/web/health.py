"""``/healthz``: is the database reachable and is the dispatcher running."""

from flask import Blueprint, jsonify
from sqlalchemy import text

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
        body["database"] = {"state": "ok", "dialect": mad.db.dialect}
        body["dispatcher"] = mad.dispatcher.state()
    except Exception as exc:
        body["status"] = "error"
        body["database"] = {"state": "unavailable", "error": type(exc).__name__}
        body["dispatcher"] = {"state": "running" if mad.dispatcher.running else "stopped"}
        return jsonify(body), 503
    return jsonify(body)
