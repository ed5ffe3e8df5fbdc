"""Signed webhooks: registered per event, signed by Standard Webhooks, retried on a fake clock, listed."""

import time
from datetime import timedelta

import pytest

from core.db import utcnow
from core.events import EVENT_CLASSES, MessageFailed, MessageSent, ReferralMade
from core.testing import base_config
from core.webhooks.outbox import (
    EVENT_TYPES, EndpointInvalid, deliver_due, enqueue, list_deliveries, register_endpoint,
)
from tests.factories import make_token, send_body
from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.close()


def _wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_events_are_the_event_classes_and_webhooks_listen_through_track_event(app):
    assert set(EVENT_TYPES) == set(EVENT_CLASSES) >= {
        "message_queued", "message_sent", "message_failed", "records_entry_written", "records_entry_failed",
        "referral_made", "care_log_completed"}
    listener = app.extensions["mad"].pm.get_plugin("webhooks")
    hooks = {caller.name for caller in app.extensions["mad"].pm.get_hookcallers(listener)}
    assert hooks == {"track_event"}


def test_a_message_sent_through_the_api_reaches_the_partner_signed(make_mad_app, receiver):
    app = make_mad_app()
    mad = app.extensions["mad"]
    _id, receiver.secret = register_endpoint(mad, receiver.url, ["message_queued", "message_sent"], "admin")
    mad.dispatcher.start()
    _made, headers = make_token(app)
    message_id = app.test_client().post("/api/v1/messages", headers=headers, json=send_body()).json["id"]
    _wait_for(lambda: len(receiver.received) == 2)
    kinds = sorted(payload["type"] for _h, payload, verified in receiver.received if verified)
    assert kinds == ["message_queued", "message_sent"]
    for headers_in, payload, _verified in receiver.received:
        assert payload["data"]["message_id"] == message_id
        assert payload["data"]["crime_reference"] == "06/123456/26"
        assert headers_in["webhook-id"].startswith("msg_") and headers_in["webhook-signature"].startswith("v1,")
        assert "900123" not in str(payload)
    _wait_for(lambda: all(d.status == "delivered" for d in list_deliveries(mad)))


def test_a_receiver_with_another_secret_refuses_the_signature(make_mad_app, receiver):
    app = make_mad_app()
    mad = app.extensions["mad"]
    register_endpoint(mad, receiver.url, ["message_sent"], "admin")
    receiver.secret = "whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="
    enqueue(mad, MessageSent(message_id="m-1", crime_reference="06/123456/26", status="sent"))
    deliver_due(mad)
    assert [verified for _h, _p, verified in receiver.received] == [False]
    assert list_deliveries(mad)[0].last_error == "The receiver answered HTTP 401"


def test_failed_deliveries_are_retried_with_the_message_windows_then_given_up(make_mad_app, receiver):
    config = base_config()
    # A window of 0.05 hours (3 minutes) from when the event was stored, no jitter: exact times.
    config["dispatcher"] = {"backoff_seconds": 10.0, "backoff_max_seconds": 60.0, "backoff_jitter": 0.0,
                            "message_retry_hours": 0.05}
    app = make_mad_app(config=config)
    mad = app.extensions["mad"]
    _id, receiver.secret = register_endpoint(mad, receiver.url, ["referral_made"], "admin")
    receiver.status = 503
    clock = utcnow()
    enqueue(mad, ReferralMade(referral_id="r-1", crime_reference="06/123456/26"), now=clock)
    assert deliver_due(mad, now=clock) == 0
    delivery = list_deliveries(mad)[0]
    assert delivery.attempts == 1 and delivery.next_attempt_at == clock + timedelta(seconds=10)
    assert deliver_due(mad, now=clock + timedelta(seconds=9)) == 0
    assert len(receiver.received) == 1  # not due yet: nothing sent
    clock += timedelta(seconds=10)
    deliver_due(mad, now=clock)
    assert list_deliveries(mad)[0].next_attempt_at == clock + timedelta(seconds=20)
    receiver.status = 200
    clock += timedelta(seconds=20)
    assert deliver_due(mad, now=clock) == 1
    delivery = list_deliveries(mad)[0]
    assert delivery.status == "delivered" and [t.status_code for t in delivery.tries] == [503, 503, 200]
    assert len({h["webhook-id"] for h, _p, _v in receiver.received}) == 1  # one id: the receiver can de-duplicate

    receiver.status = 500
    enqueue(mad, ReferralMade(referral_id="r-2", crime_reference="06/123456/26"), now=clock)
    for _ in range(4):  # at 0, 60, 120 and 180 s: the last at the window's end
        deliver_due(mad, now=clock)
        clock += timedelta(seconds=60)
    given_up = list_deliveries(mad)[0]
    assert given_up.status == "failed" and given_up.attempts == 4
    assert given_up.last_error == ("Still failing after 0.05 hours of retries (4 attempts): "
                                   "The receiver answered HTTP 500")


def test_endpoints_need_https_or_loopback_and_known_events(app):
    mad = app.extensions["mad"]
    with pytest.raises(EndpointInvalid) as problem:
        register_endpoint(mad, "http://partner.example.org/hook", ["message_paid"], "admin")
    assert problem.value.errors == {
        "url": "Use an https:// address: events are only sent in plain http to this machine (for testing)",
        "event_types": "Choose one or more events from: " + ", ".join(EVENT_TYPES)}
    assert register_endpoint(mad, "https://partner.example.org/hook", ["message_sent"], "admin")[1].startswith("whsec_")


def test_admins_register_endpoints_and_see_deliveries_with_attempts(app, signed_in, receiver):
    from core.testing import csrf_from

    officer, _ = signed_in(app, role="officer")
    assert officer.get("/admin/api/webhooks").status_code == 403
    admin, _ = signed_in(app, role="admin")
    page = admin.get("/admin/api/webhooks").get_data(as_text=True)
    refused = admin.post("/admin/api/webhooks", data={"url": "ftp://x", "csrf_token": csrf_from(page)})
    assert refused.status_code == 400 and "starting https://" in refused.get_data(as_text=True)
    made = admin.post("/admin/api/webhooks", data={"url": receiver.url, "event_types": ["message_failed"],
                                                    "description": "Case system", "csrf_token": csrf_from(page)})
    html = made.get_data(as_text=True)
    receiver.secret = html.split("data-webhook-secret>")[1].split("<")[0]
    mad = app.extensions["mad"]
    enqueue(mad, MessageFailed(message_id="m-9", crime_reference="06/123456/26", reason="Bounced"))
    deliver_due(mad)
    listed = admin.get("/admin/api/webhooks").get_data(as_text=True)
    assert "message_failed" in listed and "Delivered" in listed and "accepted (HTTP 200)" in listed
    assert receiver.received[0][2] is True


def test_deliveries_left_by_a_restart_are_sent_by_the_dispatchers_sweep(make_mad_app, receiver):
    mad = make_mad_app().extensions["mad"]
    _id, receiver.secret = register_endpoint(mad, receiver.url, ["message_sent"], "admin")
    # Stored, then the process stopped before its sender ran (nothing woke it).
    enqueue(mad, MessageSent(message_id="m-7", crime_reference="06/123456/26", status="sent"))
    mad.dispatcher.run_once()  # the first pass sweeps
    _wait_for(lambda: [d.status for d in list_deliveries(mad)] == ["delivered"])
    assert [payload["data"]["message_id"] for _h, payload, _v in receiver.received] == ["m-7"]


def test_a_delivery_whose_sender_died_mid_send_is_sent_again_after_the_lease(make_mad_app, receiver):
    from core.webhooks.outbox import LEASE_SECONDS, _claim, sweep_stuck

    mad = make_mad_app().extensions["mad"]
    _id, receiver.secret = register_endpoint(mad, receiver.url, ["referral_made"], "admin")
    clock = utcnow()
    (delivery_id,) = enqueue(mad, ReferralMade(referral_id="r-5", crime_reference="06/123456/26"), now=clock)
    assert _claim(mad, delivery_id, clock)  # claimed, then the sender was killed
    assert sweep_stuck(mad, clock + timedelta(seconds=LEASE_SECONDS - 1)) == 0, "still within its lease"
    assert deliver_due(mad, now=clock + timedelta(seconds=LEASE_SECONDS - 1)) == 0
    assert sweep_stuck(mad, clock + timedelta(seconds=LEASE_SECONDS)) == 1
    assert deliver_due(mad, now=clock + timedelta(seconds=LEASE_SECONDS)) == 1
    assert [h["webhook-id"] for h, _p, _v in receiver.received] == [delivery_id]


def test_celery_beats_sweep_enqueues_webhook_deliveries_like_the_other_outboxes(make_mad_app, receiver):
    from core import tasks

    mad = make_mad_app().extensions["mad"]
    _id, receiver.secret = register_endpoint(mad, receiver.url, ["message_failed"], "admin")
    enqueue(mad, MessageFailed(message_id="m-8", crime_reference="06/123456/26", reason="Bounced"))
    enqueued = []
    counts = tasks.sweep(mad, lambda n: None, lambda: None, lambda: enqueued.append("webhooks"))
    assert counts["webhooks_due"] == 1 and enqueued == ["webhooks"]
    assert tasks.deliver_webhooks(mad) == 1, "the task a worker runs sends it"
    assert receiver.received[0][2] is True
