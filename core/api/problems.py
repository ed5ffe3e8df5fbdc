"""Errors as RFC 9457 problem details (``application/problem+json``), naming each field and its fix."""

from flask import jsonify
from werkzeug.exceptions import HTTPException

PROBLEM_TYPE = "https://mad-toolkit.example.org/problems/"
CONTENT_TYPE = "application/problem+json"

#: A title in words for each status the API answers with.
TITLES = {
    400: "The request could not be read",
    401: "A valid API token is needed",
    403: "This token's scopes do not allow that",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with an earlier request",
    413: "The request is too large",
    415: "Send JSON",
    422: "The request has mistakes",
    429: "Too many requests",
    500: "Something went wrong on our side",
}
SLUGS = {400: "bad-request", 401: "unauthorised", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
         409: "conflict", 413: "too-large", 415: "unsupported-media-type", 422: "invalid", 429: "rate-limited",
         500: "server-error"}


def problem(status, detail, errors=None, headers=None, **extra):
    """A problem-details response: ``type``, ``title``, ``status``, ``detail`` and ``errors``.

    ``errors`` is a list of ``{"field": name, "detail": what to fix}`` (fields of the request).
    """
    body = {"type": PROBLEM_TYPE + SLUGS.get(status, str(status)), "title": TITLES.get(status, "Error"),
            "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.content_type = CONTENT_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def field_errors(messages, prefix=""):
    """Flatten marshmallow/webargs messages (``{"json": {"fields": {"x": ["..."]}}}``) to field errors."""
    found = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if not prefix and key in ("json", "query", "headers", "path", "form", "files"):
                found.extend(field_errors(value, ""))
                continue
            name = f"{prefix}.{key}" if prefix else str(key)
            found.extend(field_errors(value, name))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        found.extend({"field": prefix or "body", "detail": m} for m in messages)
    elif isinstance(messages, list):
        for value in messages:
            found.extend(field_errors(value, prefix))
    else:
        found.append({"field": prefix or "body", "detail": str(messages)})
    return found


def handle_http_exception(error: HTTPException):
    """Every HTTP error raised inside the API as problem details (webargs' validation errors named by field)."""
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") or data.get("errors")
    if error.code == 422 and messages:
        errors = field_errors(messages)
        return problem(422, "Correct the fields listed in errors and send the request again.", errors)
    if error.code == 429:
        return problem(429, f"This token has made too many requests ({error.description}). Wait a minute and "
                            "try again; ask the force for a higher limit if you need one.")
    if error.code == 400 and not data:
        return problem(400, "The body could not be read: send a JSON object with 'Content-Type: application/json'.")
    detail = data.get("message") or (error.description if error.code != 500 else
                                     "The error has been logged. Try again later.")
    return problem(error.code or 500, detail, headers=data.get("headers"))
