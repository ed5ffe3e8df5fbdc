"""``benchmarks/dispatch.py --celery``: the email pipeline with Celery workers on PostgreSQL.

The benchmark process stores the messages (as a web server would, enqueueing ids on the broker)
and two ``celery -A core.worker worker --pool=threads`` processes deliver them through the
``email_smtp`` plugin to the benchmark's aiosmtpd server. Needs PostgreSQL and a broker: the URLs
come from ``--postgres-url`` / ``--broker-url`` or ``MAD_TEST_POSTGRES_URL`` / ``MAD_TEST_REDIS_URL``.
"""

import os
import signal
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

MAD_TOML = '''
[force]
name = "Testshire Police"
locales = ["en", "cy"]
crime_reference_pattern = '^[0-9]{{2}}/[0-9]{{5,6}}/[0-9]{{2}}$'

[plugins]
enabled = ["email_smtp"]

[plugins.email_smtp]
host = "127.0.0.1"
port = {port}
security = "none"
from_address = "updates@example.org"
from_name = "Testshire Police"
reply_to = "victim-care@example.org"

[dispatcher]
mode = "celery"
queue = "{queue}"
backoff_seconds = 0.0
prefetch = 8
'''


def start_worker(path, env, queue, name, concurrency):
    """One ``celery worker`` process; returns it once it says it is ready."""
    log = path / f"{name}.log"
    argv = [sys.executable, "-m", "celery", "-A", "core.worker", "worker", "--pool=threads",
            f"--concurrency={concurrency}", f"--queues={queue}", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "--loglevel=INFO", "-n", f"{name}@%h"]
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env=env, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while b" ready." not in log.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"worker {name} did not start:\n{log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.1)
    return process


def run(count, folder, smtp_port, prepared_for, postgres_url, broker_url, workers=2, concurrency=4):
    """Messages per second with ``workers`` Celery worker processes; None when not configured."""
    from sqlalchemy import func, select

    from core import create_app, migrate
    from core.config import parse_config
    from core.messaging.service import queue
    from core.models import Message
    from core.testing import PostgresSchemas

    if not postgres_url or not broker_url:
        return None
    path = Path(folder) / "celery-instance"
    path.mkdir()
    name = f"mad-bench-{uuid.uuid4().hex[:10]}"
    (path / "mad.toml").write_text(MAD_TOML.format(port=smtp_port, queue=name))
    schemas = PostgresSchemas(postgres_url)
    env = {**os.environ, "MAD_SECRET_KEY": "benchmark-" + "x" * 32, "MAD_DATABASE_URL": schemas.new_url(),
           "MAD_BROKER_URL": broker_url, "MAD_INSTANCE": str(path), "PYTHONPATH": str(PROJECT)}
    processes = []
    try:
        data = tomllib.loads((path / "mad.toml").read_text())
        mad = create_app(config=parse_config(data, path, environ=env)).extensions["mad"]
        migrate.upgrade(mad.db)
        prepared = prepared_for(mad)
        processes = [start_worker(path, env, name, f"bench{i}", concurrency) for i in range(workers)]
        started = time.perf_counter()
        for item in prepared:
            queue(mad, item, None)
        deadline = time.monotonic() + 1200
        while time.monotonic() < deadline:
            with mad.session() as session:
                pending = session.scalar(select(func.count()).where(Message.status.in_(("queued", "sending"))))
            if not pending:
                break
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        with mad.session() as session:
            statuses = dict(session.execute(select(Message.status, func.count()).group_by(Message.status)).all())
        assert statuses == {"sent": len(prepared)}, statuses
        mad.db.dispose()
        return count / elapsed
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        _purge(broker_url, name)
        schemas.drop_all()


def _purge(url, queue):
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3) as connection:
            channel = connection.channel()
            channel.queue_delete(queue)
            if url.startswith("redis"):
                channel.client.delete(queue, f"{queue}.unacked", f"{queue}.unacked_index", f"{queue}.unacked_mutex")
    except Exception:  # the queue was never declared: nothing to purge
        pass
