"""PoliceWorks down for an afternoon or a week: writes wait for it (a fake clock, no real waits), land by
themselves when it comes back, and give up loudly only at the end of the records window."""

from datetime import timedelta

from sqlalchemy import func, select

from core.events import RecordsEntryFailed
from core import hookimpl
from core.messaging.service import prepare, queue
from core.models import RecordsWrite
from tests.factories import update_request

REQUEST = update_request()


class Events:
    def __init__(self):
        self.failed = []

    @hookimpl
    def track_event(self, event):
        if isinstance(event, RecordsEntryFailed):
            self.failed.append(event)


def policeworks_writes(mad):
    with mad.session() as session:
        return session.scalars(select(RecordsWrite).where(RecordsWrite.writer == "policeworks")
                               .order_by(RecordsWrite.id)).all()


def run_until(mad, clock, until):
    """Run the dispatcher as time passes: each time jump to the next write due, up to ``until``."""
    while True:
        mad.dispatcher.run_once()
        with mad.session() as session:
            due = session.scalar(select(func.min(RecordsWrite.next_attempt_at))
                                 .where(RecordsWrite.status == "pending"))
        if due is None or due > until:
            clock.now = max(clock.now, until)
            return
        clock.now = max(clock.now, due)


def test_the_three_writes_of_an_80_second_outage_land_by_themselves(policeworks_app, simulator, fake_clock):
    app = policeworks_app()
    mad = app.extensions["mad"]
    mad.config.dispatcher.update(backoff_seconds=2.0)  # the defaults: doubling to 10 minutes, with jitter
    simulator.set_mode("http500")
    for n in range(3):
        queue(mad, prepare(mad, {**REQUEST, "recipient": f"07700 900{n:03d}"}), None)
    started = fake_clock.now
    run_until(mad, fake_clock, started + timedelta(seconds=80))
    writes = policeworks_writes(mad)
    assert [w.status for w in writes] == ["pending"] * 3, "not given up after a few attempts"
    assert min(w.attempts for w in writes) >= 5
    simulator.set_mode("ok")  # back after 80 seconds; nobody presses "Retry now"
    run_until(mad, fake_clock, started + timedelta(minutes=10))
    writes = policeworks_writes(mad)
    assert [w.status for w in writes] == ["written"] * 3
    assert sorted(e.entry_id for e in simulator.entries()) == sorted(w.entry_id for w in writes), "each once"


def test_writes_outlast_the_old_six_attempts_and_land_by_themselves_once_each(policeworks_app, simulator, fake_clock):
    # The example: the toolkit used to give up after 6 attempts (about a minute). Here
    # PoliceWorks stays down for 20 minutes, long past the sixth attempt of every write.
    app = policeworks_app()
    mad = app.extensions["mad"]
    mad.config.dispatcher.update(backoff_seconds=2.0)
    simulator.set_mode("http500")
    for n in range(3):
        queue(mad, prepare(mad, {**REQUEST, "recipient": f"07700 900{n:03d}"}), None)
    back_at = fake_clock.now + timedelta(minutes=20)
    run_until(mad, fake_clock, back_at)
    writes = policeworks_writes(mad)
    assert [w.status for w in writes] == ["pending"] * 3
    assert min(w.attempts for w in writes) > 6, "each write was tried more often than the old attempt count"
    assert simulator.entries() == []
    simulator.set_mode("ok")  # nobody presses "Retry now"
    run_until(mad, fake_clock, back_at + timedelta(minutes=10))  # the ceiling: tried at least every 10 minutes
    writes = policeworks_writes(mad)
    assert [w.status for w in writes] == ["written"] * 3
    landed = sorted(e.entry_id for e in simulator.entries("06/123456/26"))
    assert landed == sorted(w.entry_id for w in writes), "each entry in the crime's chronology once"


def test_down_all_afternoon_the_writes_wait_and_then_land(policeworks_app, simulator, fake_clock):
    mad = policeworks_app().extensions["mad"]
    mad.config.dispatcher.update(backoff_seconds=2.0)
    simulator.set_mode("http500")
    queue(mad, prepare(mad, REQUEST), None)
    run_until(mad, fake_clock, fake_clock.now + timedelta(hours=5))
    (write,) = policeworks_writes(mad)
    assert write.status == "pending" and write.last_error.startswith("PoliceWorks answered")
    assert write.next_attempt_at - fake_clock.now <= timedelta(minutes=10), "tried at least every 10 minutes"
    simulator.set_mode("ok")
    run_until(mad, fake_clock, fake_clock.now + timedelta(minutes=10))
    assert [w.status for w in policeworks_writes(mad)] == ["written"]
    assert len(simulator.entries()) == 1


def test_down_for_longer_than_the_window_fails_loudly(policeworks_app, simulator, fake_clock, signed_in):
    events = Events()
    app = policeworks_app()
    app.extensions["mad"].pm.register(events)
    mad = app.extensions["mad"]
    mad.config.dispatcher.update(backoff_seconds=2.0, records_retry_days=2)
    client, officer = signed_in(app, role="officer")
    queue(mad, prepare(mad, REQUEST), officer)
    simulator.set_mode("http500")
    run_until(mad, fake_clock, fake_clock.now + timedelta(days=1, hours=23))
    assert [w.status for w in policeworks_writes(mad)] == ["pending"]
    run_until(mad, fake_clock, fake_clock.now + timedelta(hours=2))
    (write,) = policeworks_writes(mad)
    assert write.status == "failed"
    assert write.last_error.startswith("Still failing after 2 days of retries (")
    assert write.last_error.endswith("): PoliceWorks answered with an error page instead of SOAP (HTTP 5xx)")
    (event,) = events.failed
    assert (event.entry_id, event.writer, event.reason) == (write.entry_id, "policeworks", write.last_error)
    assert event.extra["gave_up_after_seconds"] >= 2 * 86400
    health = client.get("/healthz").get_json()["needs_attention"]
    assert (health["count"], health["records_writes_failed"]) == (1, 1)
    assert health["oldest_seconds"] >= 2 * 86400
    home = client.get("/").get_data(as_text=True)
    assert "Needs your attention" in home
    assert "not written into the crime's record in policeworks: Still failing after 2 days" in home
