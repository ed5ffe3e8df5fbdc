"""Wire the API into the app: flask-smorest (OpenAPI 3.1), problem details, rate limits, audit, admin pages.

Called once by the app factory (``core.app.build_app``).
"""

import os

from flask import current_app, render_template, request
from flask_smorest import Api

from core.api import admin, v1
from core.api.auth import presented_token
from core.api.problems import handle_http_exception
from core.api.tokens import hash_token
from core.web.access import public

#: Requests per token (or per address without one); override with MAD_API_RATE_LIMIT.
DEFAULT_RATE_LIMIT = "300 per minute"

PROBLEM_SCHEMA = {
    "type": "object", "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "detail": {"type": "string"}}}},
    },
}


class ToolkitApi(Api):
    """flask-smorest's Api whose errors stay inside ``/api/v1/`` (the web pages keep their own)."""

    def _register_error_handlers(self):
        """Errors are registered on the API blueprint only (see :func:`init_api`)."""


def _rate_key():
    token = presented_token()
    return "token:" + hash_token(token) if token else "addr:" + (request.remote_addr or "unknown")


def _docs_page():
    """A readable page of the OpenAPI: every path, what it needs and answers."""
    spec = current_app.extensions["mad_api"].spec.to_dict()
    return render_template("api/docs.html", spec=spec)


def problems_outside_routes(app):
    """Answer 404 and 405 under ``/api/`` (paths no API route matches) as problem details too.

    Called by the app factory after the pages' own error handlers are installed: those stay for
    every other path.
    """
    for code in (404, 405):
        handlers = app.error_handler_spec[None][code]
        pages_handler = next(iter(handlers.values()), None)

        def handle(exc, pages_handler=pages_handler):
            if request.path.startswith("/api/"):
                return handle_http_exception(exc)
            return pages_handler(exc) if pages_handler else exc

        app.register_error_handler(code, handle)


def init_api(app, mad):
    """Register the API v1 blueprint, its OpenAPI, rate limits, audit, and the admins' pages."""
    app.config.update(
        API_TITLE="MaD Toolkit API", API_VERSION="v1", OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/api/v1", OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": "Send approved updates and signposting to victims, read their status and a "
                                    "crime's chronology, search support services (HSDS 3.0) and read referrals. "
                                    "Authenticate with 'Authorization: Bearer <token>' (made by an admin with "
                                    "'mad tokens create'). Errors are RFC 9457 problem details."},
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                           "schemas": {"Problem": PROBLEM_SCHEMA}},
        },
    )
    api = ToolkitApi(app)
    app.extensions["mad_api"] = api
    api.register_blueprint(v1.blueprint)
    app.extensions["csrf"].exempt(app.blueprints["api_v1"])
    # The OpenAPI document is public (it holds no data); the readable page is rendered from it.
    openapi_json = app.view_functions["api-docs.openapi_json"]
    app.view_functions["api-docs.openapi_json"] = public(lambda: openapi_json())
    app.add_url_rule("/api/v1/docs", "api_docs_page", public(_docs_page))
    # The app's one limiter (core.auth.throttle.make_limiter), counted per token.
    app.extensions["mad_limiter"].limit(os.environ.get("MAD_API_RATE_LIMIT") or DEFAULT_RATE_LIMIT,
                                        key_func=_rate_key, scope="api")(app.blueprints["api_v1"])
    app.register_blueprint(admin.blueprint)
    return api
