"""Faults that need whole processes: processes killed with SIGKILL, PostgreSQL connections cut, a broker restarted.

Registered into :mod:`benchmarks.faults` (run that). The PostgreSQL and Celery faults need
``MAD_TEST_POSTGRES_URL`` (and ``MAD_TEST_REDIS_URL`` for the broker's URL scheme); without them
the fault prints "not run" with the reason.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from benchmarks.dispatch import ACCOUNT_SID, AUTH_TOKEN, SERVICE_SID
from benchmarks.faults import fault, store_burst, tally_messages, wait_final

PROJECT = Path(__file__).resolve().parent.parent
SECRET = "faults-secret-" + "x" * 32


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def toolkit_for(path, environ):
    """The benchmark's own toolkit on an instance folder (it stores the burst, as a web server would)."""
    import tomllib

    from core import create_app, migrate
    from core.config import parse_config

    data = tomllib.loads((path / "mad.toml").read_text())
    mad = create_app(config=parse_config(data, path, environ=environ)).extensions["mad"]
    migrate.upgrade(mad.db)
    return mad


def postgres_or_not_run():
    url = os.environ.get("MAD_TEST_POSTGRES_URL")
    if not url:
        raise RuntimeError("not run: MAD_TEST_POSTGRES_URL is not set")
    return url


EMBEDDED_TOML = '''
[force]
name = "Testshire Police"
locales = ["en", "cy"]
crime_reference_pattern = '^[0-9]{{2}}/[0-9]{{5,6}}/[0-9]{{2}}$'

[plugins]
enabled = ["sms_twilio"]

[plugins.sms_twilio]
account_sid = "{account}"
auth_token = {{ "$env" = "MAD_FAULTS_TWILIO_TOKEN" }}
messaging_service_sid = "{service}"
api_base_url = "{api}"
messages_per_second = 50
lookup_delay_seconds = 0

[dispatcher]
mode = "embedded"
lease_seconds = 5
backoff_seconds = 0.2
backoff_max_seconds = 1.0
poll_seconds = 0.2
'''


@fault("embedded-process-sigkill")
def embedded_sigkill(burst, folder):
    """``mad run`` (web and embedded dispatcher, SQLite) killed with SIGKILL mid-burst, then started again."""
    from benchmarks.faults import twilio_counts
    from tests.plugins.sms_twilio.standin import TwilioStandIn

    standin = TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN).start()
    path = folder / "instance"
    path.mkdir()
    (path / "mad.toml").write_text(EMBEDDED_TOML.format(account=ACCOUNT_SID, service=SERVICE_SID, api=standin.url))
    environ = {**os.environ, "MAD_SECRET_KEY": SECRET, "MAD_FAULTS_TWILIO_TOKEN": AUTH_TOKEN,
               "MAD_DATABASE_URL": f"sqlite:///{path / 'mad.sqlite3'}", "MAD_INSTANCE": str(path)}
    environ.pop("MAD_BROKER_URL", None)
    os.environ["MAD_FAULTS_TWILIO_TOKEN"] = AUTH_TOKEN  # settings' "$env" values come from this process too
    mad = toolkit_for(path, environ)

    def start():
        return subprocess.Popen([sys.executable, "-m", "core.cli", "run", "--host", "127.0.0.1",
                                 "--port", str(free_port())], env=environ, cwd=PROJECT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    process = start()
    try:
        store_burst(mad, "sms", burst)
        deadline = time.monotonic() + 60
        while len(standin.messages) < burst // 4:
            if time.monotonic() > deadline:
                raise RuntimeError("the embedded dispatcher never started delivering")
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        process = start()
        recovered = wait_final(mad)  # from the restart: the message in hand waits for the lease and a sweep
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(20)
    counts = twilio_counts(mad, standin)
    standin.stop()
    return tally_messages("embedded-process-sigkill", mad, counts, recovered)


@fault("worker-sigkill-postgres")
def worker_sigkill(burst, folder):
    """Two Celery workers on PostgreSQL and Redis; one killed with SIGKILL mid-batch (lease 20 s)."""
    from sqlalchemy import func, select

    from core.models import Message
    from core.testing import PostgresSchemas
    from tests.dispatch import conftest as harness

    pg = postgres_or_not_run()
    broker = os.environ.get("MAD_TEST_REDIS_URL")
    if not broker:
        raise RuntimeError("not run: MAD_TEST_REDIS_URL is not set")
    sys.path.insert(0, str(harness.COUNTING_DIST))
    schemas = PostgresSchemas(pg)
    queue = f"mad-faults-{uuid.uuid4().hex[:10]}"
    log_path = folder / "sends.log"
    folder.joinpath("mad.toml").write_text(harness.MAD_TOML.format(log_path=log_path, delay=0.2, queue=queue,
                                                                  lease=20.0, fail_first="false"))
    env = {**os.environ, "MAD_SECRET_KEY": SECRET, "MAD_DATABASE_URL": schemas.new_url(), "MAD_BROKER_URL": broker,
           "MAD_INSTANCE": str(folder),
           "PYTHONPATH": os.pathsep.join([str(harness.COUNTING_DIST), str(PROJECT)])}
    instance = harness.ForceInstance(folder, env, log_path, queue)
    try:
        instance.build()
        instance.start_worker("survivor", beat=True, via_mad=True)
        victim = instance.start_worker("victim")
        store_burst(instance.mad, "sms", burst)
        deadline = time.monotonic() + 60
        while sum(pid == str(victim.pid) for _id, pid in instance.sends()) < 15:
            if time.monotonic() > deadline:
                raise RuntimeError("the second worker never started delivering")
            time.sleep(0.02)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
        with instance.mad.session() as session:
            held = session.scalar(select(func.count()).where(Message.status == "sending"))
        recovered = wait_final(instance.mad, timeout=180)
        print(f"  (worker-sigkill-postgres: {held} messages were being sent when the worker died)", file=sys.stderr)
        counts = Counter(message_id for message_id, _pid in instance.sends())
        return tally_messages("worker-sigkill-postgres", instance.mad, counts, recovered)
    finally:
        instance.stop_workers()
        harness.purge_queue(broker, queue)
        if instance.mad is not None:
            instance.mad.db.dispose()
        schemas.drop_all()


@fault("postgres-connections-cut")
def postgres_connections_cut(burst, folder, cut_seconds=5.0):
    """The embedded dispatcher on PostgreSQL while every one of its connections is terminated twice a second."""
    from sqlalchemy import create_engine, func, select, text

    from core.models import SandboxCapture
    from core.testing import PostgresSchemas

    pg = postgres_or_not_run()
    schemas = PostgresSchemas(pg)
    name = f"mad-faults-{uuid.uuid4().hex[:8]}"
    url = f"{schemas.new_url()}&application_name={name}"
    path = folder / "instance"
    path.mkdir()
    (path / "mad.toml").write_text('[force]\nname = "Testshire Police"\nlocales = ["en", "cy"]\n'
                                   "crime_reference_pattern = '^[0-9]{2}/[0-9]{5,6}/[0-9]{2}$'\n"
                                   "[dispatcher]\nmode = \"embedded\"\nlease_seconds = 5\nbackoff_seconds = 0.2\n"
                                   "backoff_max_seconds = 1.0\npoll_seconds = 0.05\n")
    environ = {"MAD_SECRET_KEY": SECRET, "MAD_DATABASE_URL": url}
    mad = toolkit_for(path, environ)
    killer = create_engine(pg)
    stop = threading.Event()

    def cut():
        while not stop.is_set():
            with killer.begin() as connection:
                connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                        "WHERE application_name = :name"), {"name": name})
            time.sleep(0.5)

    try:
        store_burst(mad, "sms", burst)
        cutter = threading.Thread(target=cut, daemon=True)
        mad.dispatcher.start()
        cutter.start()
        time.sleep(cut_seconds)
        stop.set()
        cutter.join()
        recovered = 0.0
        deadline = time.monotonic() + 120
        while True:  # the first queries after a cut may fail: keep asking
            try:
                recovered = wait_final(mad, timeout=max(1.0, deadline - time.monotonic()))
                break
            except RuntimeError:
                raise
            except Exception:
                time.sleep(0.2)
        mad.dispatcher.stop()
        with mad.session() as session:
            counts = Counter(dict(session.execute(select(SandboxCapture.message_id, func.count())
                                                  .group_by(SandboxCapture.message_id)).all()))
        return tally_messages("postgres-connections-cut", mad, counts, recovered)
    finally:
        stop.set()
        mad.dispatcher.stop()
        mad.db.dispose()
        killer.dispose()
        schemas.drop_all()


def keep_logs(folder):
    """Copy the workers' logs out of the fault's temporary folder (for a fault that did not recover)."""
    import shutil
    import tempfile

    kept = Path(tempfile.mkdtemp(prefix="mad-faults-logs-"))
    for log in folder.glob("*.log"):
        shutil.copy(log, kept / log.name)
    return kept


@fault("broker-restart")
def broker_restart(burst, folder, down_seconds=10.0):
    """Two Celery workers on PostgreSQL; their Redis broker stopped mid-burst (tasks lost) and started again."""
    from sqlalchemy import func, select

    from core.models import Message
    from core.testing import OwnRedis, PostgresSchemas
    from tests.dispatch import conftest as harness

    pg = postgres_or_not_run()
    redis = OwnRedis(folder).start()
    sys.path.insert(0, str(harness.COUNTING_DIST))
    schemas = PostgresSchemas(pg)
    queue = f"mad-faults-{uuid.uuid4().hex[:10]}"
    log_path = folder / "sends.log"
    folder.joinpath("mad.toml").write_text(harness.MAD_TOML.format(log_path=log_path, delay=0.3, queue=queue,
                                                                  lease=20.0, fail_first="false"))
    env = {**os.environ, "MAD_SECRET_KEY": SECRET, "MAD_DATABASE_URL": schemas.new_url(), "MAD_BROKER_URL": redis.url,
           "MAD_INSTANCE": str(folder),
           "PYTHONPATH": os.pathsep.join([str(harness.COUNTING_DIST), str(PROJECT)])}
    instance = harness.ForceInstance(folder, env, log_path, queue)
    try:
        instance.build()
        instance.start_worker("first", beat=True, via_mad=True)
        instance.start_worker("second")
        # A half before, a quarter while the broker is down (their tasks cannot be enqueued) and a
        # quarter after it is back: the last two must go through the restarted (empty) Redis.
        before, during = burst // 2, burst // 4
        store_burst(instance.mad, "sms", before)
        deadline = time.monotonic() + 60
        while len(instance.sends()) < before // 5:
            if time.monotonic() > deadline:
                raise RuntimeError("the workers never started delivering")
            time.sleep(0.02)
        redis.stop()
        down = time.monotonic()
        store_burst(instance.mad, "sms", during, first=before)
        time.sleep(max(0.0, down_seconds - (time.monotonic() - down)))
        redis.start()
        store_burst(instance.mad, "sms", burst - before - during, first=before + during)
        with instance.mad.session() as session:
            waiting = session.scalar(select(func.count()).where(Message.status.in_(("queued", "sending"))))
        try:
            recovered = wait_final(instance.mad, timeout=180)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc} (the workers' logs are kept in {keep_logs(folder)})") from None
        print(f"  (broker-restart: {waiting} messages still waiting when the broker came back)", file=sys.stderr)
        counts = Counter(message_id for message_id, _pid in instance.sends())
        return tally_messages("broker-restart", instance.mad, counts, recovered)
    finally:
        instance.stop_workers()
        if instance.mad is not None:
            instance.mad.db.dispose()
        schemas.drop_all()
        redis.stop()
