"""Sending through the API: the same rules as the web form, idempotency keys, status and a crime's record."""

import threading

import requests
from sqlalchemy import func, select

from core.models.api import ApiIdempotencyKey
from core.models.messages import Message
from tests.factories import make_token, send_body


def _count_messages(app):
    with app.extensions["mad"].session() as session:
        return session.scalar(select(func.count()).select_from(Message))


def test_a_send_is_stored_and_its_status_read_by_id(app):
    client = app.test_client()
    _made, headers = make_token(app)
    response = client.post("/api/v1/messages", headers=headers, json=send_body())
    assert response.status_code == 201
    message_id = response.json["id"]
    assert response.json["status"] == "queued" and response.json["template_id"] == "crime_closed_nfa"
    assert "recipient" not in response.json
    status = client.get(f"/api/v1/messages/{message_id}", headers=headers)
    assert status.status_code == 200 and status.json["id"] == message_id
    with app.extensions["mad"].session() as session:
        stored = session.get(Message, message_id)
        assert stored.recipient == "+447700900123"
        assert "evidence" in stored.body


def test_the_web_forms_rules_answer_as_problem_details_naming_each_field(app):
    client = app.test_client()
    _made, headers = make_token(app)
    response = client.post("/api/v1/messages", headers=headers,
                           json=send_body(crime_reference="not a ref", recipient="12", fields={"reason": "bored"}))
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    errors = {e["field"]: e["detail"] for e in response.json["errors"]}
    assert errors["crime_reference"] == "Enter the crime reference in the form 06/123456/26"
    assert set(errors) == {"crime_reference", "recipient", "fields.reason", "fields.officer_name"}
    missing = client.post("/api/v1/messages", headers=headers, json={"template_id": "crime_closed_nfa"})
    errors = {e["field"]: e["detail"] for e in missing.json["errors"]}
    assert errors["crime_reference"] == "Give the crime reference, like 06/123456/26"
    assert errors["kind"] == "Give the kind: sms or email"
    assert _count_messages(app) == 0


def test_a_replay_with_the_same_key_gets_the_first_answer_and_sends_nothing(app):
    client = app.test_client()
    _made, headers = make_token(app)
    headers["Idempotency-Key"] = "close-06-123456-26"
    first = client.post("/api/v1/messages", headers=headers, json=send_body())
    again = client.post("/api/v1/messages", headers=headers, json=send_body())
    assert first.status_code == 201 and again.status_code == 200
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert _count_messages(app) == 1
    other = client.post("/api/v1/messages", headers=headers, json=send_body(locale="cy"))
    assert other.status_code == 409
    assert "used before with a different request body" in other.json["detail"]
    assert _count_messages(app) == 1


def test_a_key_is_forgotten_after_the_configured_hours_by_the_retention_purge(app):
    from datetime import timedelta

    from core.db import utcnow
    from core.retention import purge_expired

    client = app.test_client()
    mad = app.extensions["mad"]
    assert mad.config.retention["idempotency_key_hours"] == 24
    _made, headers = make_token(app)
    headers["Idempotency-Key"] = "close-06-123456-26-purge"
    assert client.post("/api/v1/messages", headers=headers, json=send_body()).status_code == 201
    purge_expired(mad, now=utcnow() + timedelta(hours=23))
    assert _count_keys(app) == 1, "kept for the whole period"
    purge_expired(mad, now=utcnow() + timedelta(hours=25))
    assert _count_keys(app) == 0, "purged once the period has passed"


def _count_keys(app):
    with app.extensions["mad"].session() as session:
        return session.scalar(select(func.count()).select_from(ApiIdempotencyKey))


def test_a_refused_send_lets_its_key_be_used_again_corrected(app):
    client = app.test_client()
    _made, headers = make_token(app)
    headers["Idempotency-Key"] = "retry-after-fix"
    assert client.post("/api/v1/messages", headers=headers, json=send_body(recipient="12")).status_code == 422
    assert client.post("/api/v1/messages", headers=headers, json=send_body()).status_code == 201


def test_one_key_belongs_to_one_token(app):
    client = app.test_client()
    _made, first_headers = make_token(app, name="Records system")
    _made, second_headers = make_token(app, name="Case system")
    for headers in (first_headers, second_headers):
        headers["Idempotency-Key"] = "same-key-two-systems"
        assert client.post("/api/v1/messages", headers=headers, json=send_body()).status_code == 201
    assert _count_messages(app) == 2


def test_two_concurrent_requests_with_one_key_send_once(make_mad_app, serve, database):
    app = make_mad_app(database=database)
    served = serve(app)
    _made, headers = make_token(app)
    headers["Idempotency-Key"] = "concurrent-close-update"
    answers, barrier = [], threading.Barrier(4)

    def post():
        barrier.wait()
        answers.append(requests.post(f"{served.url}/api/v1/messages", headers=headers, json=send_body(), timeout=30))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [200, 200, 200, 201]
    assert len({a.json()["id"] for a in answers}) == 1
    assert _count_messages(app) == 1
    with app.extensions["mad"].session() as session:
        assert session.scalar(select(func.count()).select_from(ApiIdempotencyKey)) == 1


def test_a_crimes_messages_and_chronology_page_by_cursor(app):
    client = app.test_client()
    _made, headers = make_token(app)
    for reason in ("insufficient_evidence", "no_suspect", "victim_withdrew"):
        body = send_body(fields={"officer_name": "PC 1234 Jones", "reason": reason})
        assert client.post("/api/v1/messages", headers=headers, json=body).status_code == 201
    client.post("/api/v1/messages", headers=headers, json=send_body(crime_reference="06/654321/26"))
    first = client.get("/api/v1/crimes/06/123456/26/messages?limit=2", headers=headers).json
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get(f"/api/v1/crimes/06/123456/26/messages?limit=2&cursor={first['next_cursor']}",
                      headers=headers).json
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    ids = [m["id"] for m in first["items"] + rest["items"]]
    assert len(set(ids)) == 3
    chronology = client.get("/api/v1/crimes/06/123456/26/chronology", headers=headers).json["items"]
    assert [e["entry_type"] for e in chronology] == ["message_sent"] * 3
    assert chronology[0]["author"] == "API: Records system"
    assert "Text message to victim" in chronology[0]["text"]
    bad = client.get("/api/v1/crimes/06/123456/26/messages?cursor=xyz", headers=headers)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "cursor"
    # A partner reading statuses sees no words sent to the victim: the chronology needs its own scope.
    _status_only, status_headers = make_token(app, scopes=["read:status"], name="Case system")
    statuses = client.get("/api/v1/crimes/06/123456/26/messages", headers=status_headers).json["items"]
    assert statuses and not {"text", "body", "english_text", "recipient"} & set(statuses[0])
    assert "900123" not in str(statuses)
    refused = client.get("/api/v1/crimes/06/123456/26/chronology", headers=status_headers)
    assert refused.status_code == 403 and "read:chronology" in refused.json["detail"]


def test_templates_are_listed_with_their_fields_json_schema(app):
    client = app.test_client()
    _made, headers = make_token(app, scopes=["read:templates"])
    one = client.get("/api/v1/templates/crime_closed_nfa", headers=headers).json
    assert one["channels"] == ["sms", "email"]
    assert one["fields"]["required"] == ["officer_name", "reason"]
    assert one["fields"]["properties"]["reason"]["enum"] == ["no_suspect", "insufficient_evidence", "victim_withdrew"]
    listed = client.get("/api/v1/templates?limit=200", headers=headers).json
    assert "crime_closed_nfa" in [t["id"] for t in listed["items"]]
    missing = client.get("/api/v1/templates/nope", headers=headers)
    assert missing.status_code == 404 and "GET /api/v1/templates lists them" in missing.json["detail"]


def test_too_many_requests_are_refused_with_429_problem_details(make_mad_app, monkeypatch):
    monkeypatch.setenv("MAD_API_RATE_LIMIT", "3 per minute")
    app = make_mad_app()
    client = app.test_client()
    _made, headers = make_token(app)
    codes = [client.get("/api/v1/templates", headers=headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/v1/templates", headers=headers)
    assert refused.content_type == "application/problem+json" and "Wait a minute" in refused.json["detail"]
    assert int(refused.headers["Retry-After"]) > 0
    _other, other_headers = make_token(app, name="Case system")
    assert client.get("/api/v1/templates", headers=other_headers).status_code == 200
    assert client.get("/sign-in").status_code == 200, "the API's limit is its own, not the sign-in's"


def test_the_app_has_one_rate_limiter_for_the_api_and_sign_in(app):
    assert app.extensions["limiter"] == {app.extensions["mad_limiter"]}
