"""Admins' pages for integrators: API tokens (make, expire, revoke), the API calls audit, webhooks.

Admins only. A new token's secret is shown once, on the page that made it, and never stored.
"""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from core.api.tokens import SCOPES, TokenInvalid, create_token, expire_token, list_tokens, revoke_token, token_state
from core.constants import Roles
from core.models.api import ApiCall
from core.web.access import current_mad, roles_required
from core.webhooks.outbox import (
    EVENT_TYPES, EndpointInvalid, disable_endpoint, list_deliveries, list_endpoints, register_endpoint,
)

blueprint = Blueprint("api_admin", __name__, url_prefix="/admin/api")


def _tokens_page(made=None, errors=None, values=None, status=200):
    tokens = list_tokens(current_mad())
    return render_template("api/tokens.html", tokens=tokens, state=token_state, scopes=SCOPES, made=made,
                           errors=errors or {}, values=values or {}), status


@blueprint.get("/tokens")
@roles_required(Roles.ADMIN)
def tokens():
    """Every API token: its name, scopes, state, when made, last used and expiry."""
    return _tokens_page()


@blueprint.post("/tokens")
@roles_required(Roles.ADMIN)
def create():
    """Make a token from the form; its secret is shown once on the answer page."""
    values = {"name": request.form.get("name", ""), "scopes": request.form.getlist("scopes"),
              "days": request.form.get("days", "")}
    days = None
    errors = {}
    if values["days"].strip():
        try:
            days = int(values["days"])
        except ValueError:
            errors["days"] = "Enter the number of days as a whole number, like 90, or leave it empty"
    if not errors:
        try:
            made = create_token(current_mad(), values["name"], values["scopes"], current_user.email, days=days)
        except TokenInvalid as exc:
            field = "scopes" if "scope" in str(exc) else "days" if "day" in str(exc) else "name"
            errors[field] = str(exc)
        else:
            return _tokens_page(made=made)
    return _tokens_page(errors=errors, values=values, status=400)


@blueprint.post("/tokens/<int:token_id>/revoke")
@roles_required(Roles.ADMIN)
def revoke(token_id):
    """Revoke a token now: every call with it is refused from then on."""
    revoke_token(current_mad(), token_id)
    return redirect(url_for("api_admin.tokens"))


@blueprint.post("/tokens/<int:token_id>/expire")
@roles_required(Roles.ADMIN)
def expire(token_id):
    """Expire a token now (it can no longer be used; it stays listed)."""
    expire_token(current_mad(), token_id, 0)
    return redirect(url_for("api_admin.tokens"))


@blueprint.get("/calls")
@roles_required(Roles.ADMIN, Roles.SUPERVISOR)
def calls():
    """The latest API calls: which token, what, when, about which crime (never the request's body)."""
    with current_mad().session() as session:
        rows = session.scalars(select(ApiCall).order_by(ApiCall.id.desc()).limit(500)).all()
        session.expunge_all()
    return render_template("api/calls.html", calls=rows)


@blueprint.get("/webhooks")
@roles_required(Roles.ADMIN)
def webhooks():
    """Webhook endpoints (register, stop) and the latest deliveries with each attempt."""
    return _webhooks_page()


def _webhooks_page(made=None, errors=None, values=None, status=200):
    mad = current_mad()
    return render_template("api/webhooks.html", endpoints=list_endpoints(mad), deliveries=list_deliveries(mad),
                           event_types=EVENT_TYPES, made=made, errors=errors or {}, values=values or {}), status


@blueprint.post("/webhooks")
@roles_required(Roles.ADMIN)
def register_webhook():
    """Register an endpoint for the chosen events; its signing secret is shown once."""
    values = {"url": request.form.get("url", "").strip(), "event_types": request.form.getlist("event_types"),
              "description": request.form.get("description", "").strip()}
    try:
        endpoint_id, secret = register_endpoint(current_mad(), values["url"], values["event_types"],
                                                current_user.email, values["description"])
    except EndpointInvalid as exc:
        return _webhooks_page(errors=exc.errors, values=values, status=400)
    return _webhooks_page(made={"id": endpoint_id, "url": values["url"], "secret": secret})


@blueprint.post("/webhooks/<int:endpoint_id>/disable")
@roles_required(Roles.ADMIN)
def disable_webhook(endpoint_id):
    """Stop sending events to an endpoint."""
    disable_endpoint(current_mad(), endpoint_id)
    return redirect(url_for("api_admin.webhooks"))
