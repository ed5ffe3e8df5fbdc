"""Fixtures for celery mode: a real broker (Redis or RabbitMQ), PostgreSQL and worker processes.

Each test gets its own instance folder, PostgreSQL schema and broker queue name, so parallel runs
never see each other's tasks; queues (and Redis's unacknowledged-task keys) are purged afterwards.
Skipped with the reason when MAD_TEST_REDIS_URL / MAD_TEST_AMQP_URL / MAD_TEST_POSTGRES_URL is unset.
"""

import os
import signal
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path

import pytest

from core.testing import SECRET, PostgresSchemas, postgres_url

PROJECT = Path(__file__).resolve().parents[2]
COUNTING_DIST = Path(__file__).parent / "counting_dist"
BROKERS = {"redis": "MAD_TEST_REDIS_URL", "amqp": "MAD_TEST_AMQP_URL"}

MAD_TOML = '''
[force]
name = "Testshire Police"
locales = ["en", "cy"]
crime_reference_pattern = '^[0-9]{{2}}/[0-9]{{5,6}}/[0-9]{{2}}$'

[plugins]
enabled = ["counting_sms"]

[plugins.counting_sms]
log_path = "{log_path}"
delay_seconds = {delay}
fail_first_attempt = {fail_first}

[channels]
sms = "counting_sms"

[dispatcher]
mode = "celery"
queue = "{queue}"
sweep_seconds = 1.0
lease_seconds = {lease}
backoff_seconds = 0.0
prefetch = 2
'''


def broker_url(kind):
    """The test broker of ``kind`` ("redis" or "amqp"), or skip saying which variable to set."""
    url = os.environ.get(BROKERS[kind])
    if not url:
        pytest.skip(f"{BROKERS[kind]} is not set (.ci/run sets it): no {kind} broker to test against")
    return url


def purge_queue(url, queue):
    """Delete ``queue``, its sweeper queue and (on Redis) its unacknowledged-task keys from the broker."""
    from kombu import Connection

    from core.celery_app import sweep_queue

    with Connection(url, connect_timeout=3) as connection:
        channel = connection.channel()
        for name in (queue, sweep_queue(queue)):
            for purge in (channel.queue_purge, channel.queue_delete, channel.exchange_delete):
                try:
                    purge(name)
                except Exception:  # never declared (no worker started): nothing to purge
                    channel = connection.channel()
        if url.startswith("redis"):
            bindings = [f"_kombu.{kind}.{name}" for kind in ("binding", "binding_permanent")
                        for name in (queue, sweep_queue(queue))]
            channel.client.delete(queue, sweep_queue(queue), f"{queue}.unacked", f"{queue}.unacked_index",
                                  f"{queue}.unacked_mutex", *bindings)


class ForceInstance:
    """One instance folder on PostgreSQL and a broker, with the test process's own toolkit."""

    def __init__(self, path, env, log_path, queue):
        self.path, self.env, self.log_path, self.queue = path, env, log_path, queue
        self.mad = None
        self.workers = []

    def build(self):
        from core import create_app, migrate
        from core.config import parse_config

        data = tomllib.loads((self.path / "mad.toml").read_text())
        app = create_app(config=parse_config(data, self.path, environ=self.env, testing=True))
        self.mad = app.extensions["mad"]
        migrate.upgrade(self.mad.db)
        return self.mad

    def sends(self):
        """Every send attempt any process made: a list of ``(message id, process id)``."""
        if not self.log_path.exists():
            return []
        return [tuple(line.split()) for line in self.log_path.read_text().splitlines() if line.strip()]

    def start_worker(self, name, beat=False, concurrency=4, via_mad=False):
        """Start a Celery worker process (``mad worker`` or ``celery -A core.worker worker``); wait until ready."""
        log = self.path / f"{name}.log"
        if via_mad:
            argv = [sys.executable, "-m", "core.cli", "--instance", str(self.path), "worker",
                    f"--concurrency={concurrency}"] + (["--beat"] if beat else [])
        else:
            argv = [sys.executable, "-m", "celery", "-A", "core.worker", "worker", "--pool=threads",
                    f"--concurrency={concurrency}", f"--queues={self.queue}", "--without-gossip",
                    "--without-mingle", "--without-heartbeat", "--loglevel=INFO", "-n", f"{name}@%h"]
            argv += ["--beat"] if beat else []
        with log.open("wb") as out:
            process = subprocess.Popen(argv, env=self.env, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT)
        process.log = log
        self.workers.append(process)
        deadline = time.monotonic() + 60
        while b" ready." not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"worker {name} did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        return process

    def stop_workers(self):
        for process in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.workers:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


@pytest.fixture(params=sorted(BROKERS))
def broker(request):
    """Each celery test runs once on Redis and once on RabbitMQ."""
    return request.param, broker_url(request.param)


@pytest.fixture
def force_instance(tmp_path, broker, monkeypatch):
    """Factory: ``force_instance(delay=0.0, lease=30.0, fail_first=False)`` → a built :class:`ForceInstance`."""
    pg = postgres_url()
    if not pg:
        pytest.skip("MAD_TEST_POSTGRES_URL is not set: celery-mode tests need PostgreSQL shared by the workers")
    _kind, url = broker
    schemas = PostgresSchemas(pg)
    monkeypatch.syspath_prepend(str(COUNTING_DIST))
    made = []

    def make(delay=0.0, lease=30.0, fail_first=False):
        path = tmp_path / f"instance-{len(made)}"
        path.mkdir()
        queue = f"mad-test-{uuid.uuid4().hex[:12]}"
        log_path = path / "sends.log"
        (path / "mad.toml").write_text(MAD_TOML.format(log_path=log_path, delay=delay, queue=queue, lease=lease,
                                                      fail_first=str(fail_first).lower()))
        env = {**os.environ, "MAD_SECRET_KEY": SECRET, "MAD_DATABASE_URL": schemas.new_url(), "MAD_BROKER_URL": url,
               "MAD_INSTANCE": str(path), "PYTHONPATH": os.pathsep.join([str(COUNTING_DIST), str(PROJECT)])}
        instance = ForceInstance(path, env, log_path, queue)
        made.append(instance)
        instance.build()
        return instance

    yield make
    for instance in made:
        instance.stop_workers()
        purge_queue(url, instance.queue)
        if instance.mad is not None:
            instance.mad.db.dispose()
    schemas.drop_all()
