"""Celery mode in the web app: configuration, enqueuing only the id, and /healthz with the broker.

Against the real Redis and RabbitMQ brokers (skipped, saying so, when their URLs are unset).
"""

import json
import time
import uuid

import pytest
from kombu import Queue

from core.celery_app import DELIVER_BATCH, DELIVER_MESSAGE, WRITE_RECORDS
from core.config import ConfigError, parse_config
from core.messaging.service import prepare, queue
from core.models import Message
from core.testing import SECRET, base_config
from tests.dispatch.conftest import purge_queue
from tests.factories import update_request

REQUEST = update_request()


def config(tmp_path, dispatcher=None, **environ):
    data = base_config()
    data["dispatcher"].update(dispatcher or {})
    return parse_config(data, tmp_path, environ={"MAD_SECRET_KEY": SECRET, **environ})


def test_a_broker_url_means_celery_mode_unless_the_force_chooses_embedded(tmp_path):
    assert config(tmp_path).dispatcher["mode"] == "embedded"
    assert config(tmp_path, MAD_BROKER_URL="redis://127.0.0.1:6379/0").dispatcher["mode"] == "celery"
    chosen = config(tmp_path, {"mode": "embedded"}, MAD_BROKER_URL="redis://127.0.0.1:6379/0")
    assert chosen.dispatcher["mode"] == "embedded"


def test_celery_mode_without_a_broker_says_what_to_set(tmp_path):
    with pytest.raises(ConfigError, match="dispatcher.mode: \"celery\" needs a broker: set MAD_BROKER_URL"):
        config(tmp_path, {"mode": "celery"})
    with pytest.raises(ConfigError, match="dispatcher.mode: Must be one of: embedded, celery"):
        config(tmp_path, {"mode": "threads"})


@pytest.fixture
def celery_app(tmp_path, broker):
    """Factory: an app in celery mode on SQLite with its own queue on the real broker (purged afterwards)."""
    from core import create_app, migrate

    _kind, url = broker
    data = base_config()
    data["dispatcher"].update(mode="celery", queue=f"mad-test-{uuid.uuid4().hex[:12]}")
    made = []

    def make(broker_url=url):
        environ = {"MAD_SECRET_KEY": SECRET, "MAD_BROKER_URL": broker_url,
                   "MAD_DATABASE_URL": f"sqlite:///{tmp_path / f'mad-{len(made)}.sqlite3'}"}
        app = create_app(config=parse_config(data, tmp_path, environ=environ, testing=True))
        made.append(app.extensions["mad"])
        migrate.upgrade(made[-1].db)
        return app

    yield make
    for mad in made:
        mad.db.dispose()
    purge_queue(url, data["dispatcher"]["queue"])


def take_tasks(mad):
    """Every task waiting in the instance's broker queue, as ``(task name, args, raw body)``."""
    celery = mad.dispatcher.celery
    found = []
    with celery.connection_for_read() as connection:
        bound = Queue(celery.conf.task_default_queue).bind(connection.default_channel)
        while (message := bound.get(no_ack=True)) is not None:
            body = message.body.decode() if isinstance(message.body, bytes) else message.body
            args, _kwargs, _embed = json.loads(body)
            found.append((message.headers["task"], args, body + json.dumps(message.headers, default=str)))
    return found


def test_send_stores_the_message_and_enqueues_only_its_id_without_delivering_here(celery_app):
    app = celery_app()
    mad = app.extensions["mad"]
    mad.dispatcher.start()  # what `mad run` does: no delivery thread in celery mode
    message, created = queue(mad, prepare(mad, REQUEST), None)
    assert created
    tasks = take_tasks(mad)
    assert [(name, args) for name, args, _ in tasks] == [(DELIVER_MESSAGE, [message.id])]
    assert "07700" not in tasks[0][2] and "Jones" not in tasks[0][2], "the broker holds ids only"
    time.sleep(0.3)
    with mad.session() as session:
        assert session.get(Message, message.id).status == "queued", "web processes never deliver in celery mode"


def test_waking_without_a_message_enqueues_a_batch_and_the_records_writes(celery_app):
    mad = celery_app().extensions["mad"]
    mad.wake_dispatcher()  # e.g. an officer pressed "Retry now" on a records write
    assert sorted(name for name, _args, _ in take_tasks(mad)) == [DELIVER_BATCH, WRITE_RECORDS]


def test_healthz_reports_celery_mode_and_the_broker(celery_app):
    app = celery_app()
    mad = app.extensions["mad"]
    queue(mad, prepare(mad, REQUEST), None)
    body = app.test_client().get("/healthz").get_json()
    assert body["status"] == "ok" and body["dispatcher"]["mode"] == "celery"
    assert body["dispatcher"]["broker"] == {"state": "ok", "queue": mad.config.dispatcher["queue"], "tasks_waiting": 1}
    assert body["dispatcher"]["messages_pending"] == 1


def test_a_broker_outage_loses_no_send_and_healthz_says_degraded(celery_app):
    app = celery_app(broker_url="redis://127.0.0.1:1/0")  # nothing listens there
    mad = app.extensions["mad"]
    started = time.monotonic()
    message, created = queue(mad, prepare(mad, REQUEST), None)
    assert created and time.monotonic() - started < 10, "the officer's send must not hang on the broker"
    with mad.session() as session:
        assert session.get(Message, message.id).status == "queued", "stored: the sweeper enqueues it later"
    response = app.test_client().get("/healthz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["dispatcher"]["broker"]["state"] == "unavailable"
    assert "127.0.0.1:1" not in response.get_data(as_text=True), "the broker URL (maybe a password) is not shown"


def test_healthz_reports_embedded_mode(make_mad_app):
    body = make_mad_app().test_client().get("/healthz").get_json()
    assert body["dispatcher"]["mode"] == "embedded" and "broker" not in body["dispatcher"]


def test_beat_runs_the_conversations_tasks_which_send_the_satisfaction_check(celery_app):
    from core.celery_app import CONVERSATIONS, FETCH_INBOUND
    from tests.conversations.conftest import messages

    app = celery_app()
    mad = app.extensions["mad"]
    celery = mad.dispatcher.celery
    schedule = {entry["task"]: entry["schedule"] for entry in celery.conf.beat_schedule.values()}
    assert schedule[FETCH_INBOUND] == 60.0 and schedule[CONVERSATIONS] == 5.0
    from core.messaging.outbox import deliver
    from core.messaging.service import prepare, queue

    closing, _ = queue(mad, prepare(mad, {"crime_reference": "06/123456/26", "kind": "sms", "recipient": "07700 900123",
                                          "locale": "en", "template_id": "crime_closed_nfa",
                                          "fields": {"officer_name": "PC 1234 Jones", "reason": "no_suspect"}}), None)
    deliver(mad, closing.id)

    assert celery.tasks[CONVERSATIONS].run() == 1  # run here, as a worker would
    assert celery.tasks[FETCH_INBOUND].run() == 0
    assert [m.template_id for m in messages(mad, "satisfaction_check")] == ["satisfaction_check"]


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, to restart (never the shared one)."""
    from core.testing import OwnRedis

    server = OwnRedis(tmp_path)
    try:
        server.start()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    yield server
    server.stop()


def test_after_a_redis_restart_sweeps_and_deliveries_still_reach_the_queues_workers_read(tmp_path, own_redis):
    # A restarted Redis (no persistence) has lost kombu's exchange bindings, and a worker whose
    # connection the redis client re-opened by itself never declares them again: tasks routed
    # through an exchange would vanish, and the sweeper that catches up on lost tasks with them.
    import redis

    from core import create_app, migrate
    from core.celery_app import SWEEP, sweep_queue

    data = base_config()
    data["dispatcher"].update(mode="celery", queue=f"mad-test-{uuid.uuid4().hex[:12]}")
    environ = {"MAD_SECRET_KEY": SECRET, "MAD_BROKER_URL": own_redis.url,
               "MAD_DATABASE_URL": f"sqlite:///{tmp_path / 'mad.sqlite3'}"}
    mad = create_app(config=parse_config(data, tmp_path, environ=environ, testing=True)).extensions["mad"]
    migrate.upgrade(mad.db)
    celery = mad.dispatcher.celery
    with celery.connection_for_read() as connection:  # what a worker does when it starts
        for declared in celery.conf.task_queues:
            declared.bind(connection.default_channel).declare()

    celery.tasks[SWEEP].apply_async()  # beat and web processes have published before the restart
    queue(mad, prepare(mad, REQUEST), None)

    own_redis.restart()
    celery.tasks[SWEEP].apply_async()
    message, _ = queue(mad, prepare(mad, REQUEST), None)  # the officer's Send wakes a delivery task

    client = redis.Redis.from_url(own_redis.url)
    delivery_queue = data["dispatcher"]["queue"]
    assert client.llen(sweep_queue(delivery_queue)) == 1, "the sweep reached the sweeper's queue"
    assert client.llen(delivery_queue) == 1, "the delivery task reached the delivery queue"
    body = client.lindex(delivery_queue, 0).decode()
    assert message.id in body
    client.close()
    mad.db.dispose()


def test_an_ack_that_fails_while_redis_is_away_still_frees_the_workers_credit(tmp_path, own_redis):
    # Otherwise a worker whose tasks in hand all failed to acknowledge never takes another task.
    from kombu import Connection

    from core.celery_app import REDIS_TRANSPORT

    with Connection(own_redis.url, transport=REDIS_TRANSPORT) as connection:
        channel = connection.channel()
        bound = Queue("mad-test-credit").bind(channel)
        bound.declare()
        connection.Producer(channel).publish("a task id", routing_key="mad-test-credit")
        channel.basic_qos(0, 1, False)  # a prefetch of one, as a busy worker has none to spare
        message = bound.get()
        assert message is not None and not channel.qos.can_consume()
        own_redis.stop()
        with pytest.raises(Exception):
            message.ack()  # Redis is away: "Couldn't ack"
        assert channel.qos.can_consume(), "the credit was freed"


def test_beat_refreshes_the_figures_rollups_every_minute(celery_app):
    from datetime import date

    from core.celery_app import REFRESH_ROLLUPS
    from core.compliance.stored import cells
    from tests.compliance.conftest import add_officer, add_victim

    mad = celery_app().extensions["mad"]
    celery = mad.dispatcher.celery
    schedule = {entry["task"]: entry["schedule"] for entry in celery.conf.beat_schedule.values()}
    assert schedule[REFRESH_ROLLUPS] == 60
    with mad.session() as session:
        add_victim(session, 1, add_officer(session, "pc.north@example.org", "PC 1 North", "Response North", "Northtown"))
    assert celery.tasks[REFRESH_ROLLUPS].run() == 1  # run here, as a worker would
    with mad.session() as session:
        assert [(c.team, c.victims) for c in cells(session, date(2026, 6, 1), date(2026, 6, 30))] == [("Response North", 1)]
