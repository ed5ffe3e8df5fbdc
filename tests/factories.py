"""Test factories: rows and request bodies made in one line (like GOV.UK Notify's tests/app/db.py).

Each factory stores through the same service the toolkit uses, so a test's data is real data.
"""

from core.api.tokens import SCOPES, create_token

ALL_SCOPES = tuple(SCOPES)


def make_token(app, scopes=ALL_SCOPES, name="Records system", days=None):
    """A stored API token; returns ``(made, headers)`` where headers carry ``Authorization: Bearer``."""
    made = create_token(app.extensions["mad"], name, list(scopes), "tests", days=days)
    return made, {"Authorization": f"Bearer {made.secret}"}


def send_body(**overrides):
    """A valid API send: the crime-closed update by text message, in English, for a fictional victim."""
    body = {"template_id": "crime_closed_nfa", "crime_reference": "06/123456/26", "kind": "sms",
            "recipient": "07700 900123", "locale": "en",
            "fields": {"officer_name": "PC 1234 Jones", "reason": "insufficient_evidence"}}
    body.update(overrides)
    return body


def update_request(**overrides):
    """An officer's valid send, as ``core.messaging.service.prepare`` takes it.

    The crime-reference update by text message, in English, to a fictional victim; override any
    key (``locale="cy"``, ``kind="email", recipient="victim@example.org"``, ``fields={...}``).
    """
    request = {"crime_reference": "06/123456/26", "kind": "sms", "recipient": "07700 900123", "locale": "en",
               "template_id": "crime_reference_assigned", "fields": {"officer_name": "PC 1234 Jones"}}
    request.update(overrides)
    return request
