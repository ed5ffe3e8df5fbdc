"""``/healthz`` tells monitoring whether the database answers and the dispatcher runs."""

from tests.helpers import SMS_UPDATE, preview_and_send


def test_health_reports_database_and_dispatcher(app, mad, signed_in):
    client, _ = signed_in(app)
    body = app.test_client().get("/healthz").get_json()
    assert body["status"] == "ok" and body["database"] == {"state": "ok", "dialect": "sqlite"}
    assert body["dispatcher"]["state"] == "stopped" and body["dispatcher"]["messages_pending"] == 0

    preview_and_send(client, "crime_reference_assigned", SMS_UPDATE)
    body = app.test_client().get("/healthz").get_json()
    assert body["dispatcher"]["messages_pending"] == 1
    assert body["dispatcher"]["oldest_pending_seconds"] >= 0

    mad.dispatcher.start()
    mad.dispatcher.wake()
    import time

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and app.test_client().get("/healthz").get_json()["dispatcher"]["messages_pending"]:
        time.sleep(0.05)
    body = app.test_client().get("/healthz").get_json()
    assert body["dispatcher"]["state"] == "running" and body["dispatcher"]["messages_pending"] == 0


def test_health_says_503_when_the_database_is_gone(app, mad, tmp_path):
    from core.db import Database

    mad.db = Database(f"sqlite:///{tmp_path}/missing/dir/db.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"]["state"] == "unavailable"
