"""A thousand officers at once on the force-scale stack (the Procfile under honcho), driven by Locust.

Run with ``.venv/bin/python benchmarks/load.py [--officers 1000] [--duration 180]`` after
``.venv/bin/pip install -e '.[test,benchmarks]'``; needs ``MAD_TEST_POSTGRES_URL`` (a scratch
schema is made and dropped) and ``redis-server`` on the PATH (a private one is started).

For each of two sizes (``--web-workers`` gunicorn workers and two Celery workers, then one of
each) the benchmark starts on loopback: an aiosmtpd server and the Twilio stand-in that record
when each message arrives, and the project's ``Procfile`` through honcho (migrations, gunicorn,
Celery workers, beat) on PostgreSQL and its own Redis. It loads the demo directory and the
officers' accounts, then runs Locust headless (``benchmarks/load_officers.py``): every officer
signs in once, then searches the directory, opens a service, composes, previews and sends an
update, thinking 10 s on average before each step; five users ask ``/healthz`` once a second as
the baseline. After Locust stops, the queue drains and every message is checked at the SMTP and
SMS servers. Each size prints::

    load: officers 1000, requests N, p50 X ms, p95 Y ms, p99 Z ms, errors E
    baseline /healthz: requests N, p50 X ms, p95 Y ms, p99 Z ms, errors E
    handed to channel within 2 s: P%
    lost 0, doubled 0

and the stack's CPU seconds (gunicorn, workers, beat, Redis; PostgreSQL is shared and not
counted), from which requests and messages per CPU-second follow (the README's sizing).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

PASSWORD = "load-test-password-1"
PROBES = 5  # HealthProbe.fixed_count in load_officers.py


class ArrivalsAtSmtp:
    """An aiosmtpd handler noting each email's Message-ID and when it arrived."""

    def __init__(self):
        self.arrivals = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        arrived = time.time()
        head = envelope.original_content.split(b"\r\n\r\n", 1)[0]
        mid = next((line for line in head.split(b"\r\n") if line.lower().startswith(b"message-id:")), b"")
        message_id = mid.split(b"<", 1)[-1].split(b"@", 1)[0].decode()
        with self.lock:
            self.arrivals.append((message_id, arrived))
        return "250 OK"


def twilio_standin():
    """The Twilio stand-in, noting each text's toolkit message id (from its StatusCallback) and arrival."""
    from tests.plugins.sms_twilio.standin import TwilioStandIn
    from tests.procfile_stack import TWILIO_ACCOUNT, TWILIO_TOKEN

    class Recording(TwilioStandIn):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.arrivals = []

        def create(self, form):
            arrived = time.time()
            callback = form.get("StatusCallback") or ""
            message_id = parse_qs(urlsplit(callback).query).get("message_id", [""])[0]
            with self.lock:
                self.arrivals.append((message_id, arrived))
            return super().create(form)

    return Recording(TWILIO_ACCOUNT, TWILIO_TOKEN)


def percentile(values, share):
    """The nearest-rank percentile ``share`` (0-1) of ``values`` (already sorted); 0 for none."""
    if not values:
        return 0.0
    return values[min(len(values) - 1, max(0, round(share * len(values)) - 1))]


def summary(rows):
    """``(count, p50, p95, p99, failed)`` of ``rows`` = [(name, ms, failed)]."""
    times = sorted(ms for _name, ms, _failed in rows)
    return (len(rows), percentile(times, 0.50), percentile(times, 0.95), percentile(times, 0.99),
            sum(1 for *_, failed in rows if failed))


def stack_cpu_seconds(stack):
    """CPU seconds (user + system) used so far by the stack's processes, by role.

    ``web`` (gunicorn), ``workers`` (Celery workers), ``beat``, ``redis`` and ``other`` (honcho and
    its shells); PostgreSQL is shared with other users of the server and not counted.
    """
    import psutil

    used = Counter()
    roots = [psutil.Process(stack.honcho.pid), psutil.Process(stack.redis.process.pid)]
    for process in roots + roots[0].children(recursive=True):
        try:
            times, command = process.cpu_times(), " ".join(process.cmdline())
        except psutil.NoSuchProcess:
            continue
        role = ("redis" if process.pid == stack.redis.process.pid else "web" if "gunicorn" in command
                else "beat" if " beat" in command else "workers" if "celery" in command else "other")
        used[role] += times.user + times.system
    return used


def run_locust(folder, url, officers, duration, ramp):
    """Run Locust headless for ``duration`` seconds; return what load_officers.py wrote."""
    results = Path(folder) / "locust-results.json"
    env = {**os.environ, "MAD_LOAD_PASSWORD": PASSWORD, "MAD_LOAD_RESULTS": str(results),
           "PYTHONPATH": str(PROJECT)}
    argv = [sys.executable, "-m", "locust", "-f", str(PROJECT / "benchmarks" / "load_officers.py"), "--headless",
            "--host", url, "--users", str(officers + PROBES), "--spawn-rate", f"{(officers + PROBES) / ramp:.2f}",
            "--run-time", f"{duration}s", "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    log = Path(folder) / "locust.log"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with log.open("wb") as out:
        finished = subprocess.run(argv, env=env, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=duration + 300, check=False)
    if finished.returncode != 0 or not results.exists():
        raise RuntimeError(f"locust failed ({finished.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = json.loads(results.read_text())
    figures["locust_cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return figures


def wait_until_drained(stack, timeout=120.0):
    """Wait until no message is queued or sending; return the statuses then."""
    from sqlalchemy import func, select

    from core.models import Message

    database = stack.database()
    deadline = time.monotonic() + timeout
    while True:
        with database.session() as session:
            statuses = dict(session.execute(select(Message.status, func.count()).group_by(Message.status)).all())
        if not statuses.get("queued") and not statuses.get("sending") or time.monotonic() > deadline:
            return statuses
        time.sleep(0.5)


def stored_message_ids(stack):
    from sqlalchemy import select

    from core.models import Message

    with stack.database().session() as session:
        return set(session.scalars(select(Message.id)))


def one_size(folder, postgres_url, officers, duration, web_workers, workers, worker_threads, ramp=60.0):
    """Start the stack at one size, load it, check every message; return the figures."""
    from tests.plugins.email_smtp.smtp_server import SmtpServer
    from tests.procfile_stack import ProcfileStack

    smtp = SmtpServer(handler=ArrivalsAtSmtp()).start()
    sms = twilio_standin().start()
    stack = ProcfileStack(folder, postgres_url, smtp.port, twilio_url=sms.url, web_workers=web_workers,
                          web_threads=4, workers=workers, worker_threads=worker_threads)
    try:
        started = time.monotonic()
        stack.start(timeout=180)
        stack.seed(officers, PASSWORD)
        ready = time.monotonic() - started
        idle_before, idle_wall = stack_cpu_seconds(stack), time.monotonic()
        time.sleep(10)  # what the stack costs doing nothing (beat's sweeps, workers polling the broker)
        idle_seconds = time.monotonic() - idle_wall
        idle = Counter({role: used / idle_seconds for role, used in (stack_cpu_seconds(stack) - idle_before).items()})
        cpu_before, wall_before, load_before = stack_cpu_seconds(stack), time.monotonic(), os.getloadavg()[0]
        results = run_locust(folder, stack.url, officers, duration, ramp=min(ramp, duration / 3))
        statuses = wait_until_drained(stack)
        cpu, wall = stack_cpu_seconds(stack) - cpu_before, time.monotonic() - wall_before
        time.sleep(1.0)  # anything sent twice would arrive right behind the first copy
        stored = stored_message_ids(stack)
    finally:
        stack.stop()
        sms.stop()
        smtp.stop()
    return {"results": results, "statuses": statuses, "stored": stored, "cpu": cpu, "wall": wall, "ready": ready,
            "idle": idle, "load_before": load_before,
            "arrivals": smtp.handler.arrivals + sms.arrivals}


def report(title, officers, figures):
    """Print the issue's lines for one size, then the figures behind them."""
    results = figures["results"]
    officer_rows = [row for row in results["requests"] if row[0] != "healthz"]
    health_rows = [row for row in results["requests"] if row[0] == "healthz"]
    count, p50, p95, p99, failed = summary(officer_rows)
    errors = failed + sum(1 for _problem, counted in results["journey_errors"] if not counted)
    arrived = Counter(message_id for message_id, _ in figures["arrivals"])
    first_arrival = {}
    for message_id, at in sorted(figures["arrivals"], key=lambda item: item[1]):
        first_arrival.setdefault(message_id, at)
    sends = results["sends"]
    acknowledged = {message_id for message_id, _at, _kind in sends}
    expected = acknowledged | figures["stored"]
    lost = sum(1 for message_id in expected if message_id not in arrived)
    doubled = sum(1 for message_id, n in arrived.items() if n > 1)
    strangers = sum(1 for message_id in arrived if message_id not in expected)
    quick = sum(1 for message_id, at, _kind in sends if first_arrival.get(message_id, float("inf")) - at <= 2.0)
    handed = 100.0 * quick / len(sends) if sends else 0.0
    print(f"{title} (load average {figures['load_before']:.1f} when the load began)")
    print(f"load: officers {officers}, requests {count}, p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, "
          f"errors {errors}")
    h_count, h50, h95, h99, h_failed = summary(health_rows)
    print(f"baseline /healthz: requests {h_count}, p50 {h50:.0f} ms, p95 {h95:.0f} ms, p99 {h99:.0f} ms, "
          f"errors {h_failed}")
    print(f"handed to channel within 2 s: {handed:.1f}%")
    print(f"lost {lost}, doubled {doubled}")
    delays = sorted(first_arrival[m] - at for m, at, _kind in sends if m in first_arrival)
    print(f"  messages: {len(sends)} sent by officers ({sum(1 for *_, k in sends if k == 'sms')} texts), "
          f"{len(figures['stored'])} stored, statuses {figures['statuses']}, {strangers} unknown at the servers; "
          f"Send to channel p50 {percentile(delays, 0.5) * 1000:.0f} ms, p95 {percentile(delays, 0.95) * 1000:.0f} ms")
    by_name = {}
    for row in officer_rows:
        by_name.setdefault(row[0], []).append(row)
    steps = ", ".join(f"{name} {summary(rows)[2]:.0f}" for name, rows in sorted(by_name.items()))
    print(f"  p95 by step (ms): {steps}")
    for problem, n in Counter(problem for problem, _counted in results["journey_errors"]).most_common(3):
        print(f"  journey error x{n}: {problem}")
    cpu, wall, stored = figures["cpu"], figures["wall"], len(figures["stored"])
    every, signins = count + h_count, len([row for row in officer_rows if row[0] == "sign in"])
    roles = ", ".join(f"{role} {seconds:.1f}" for role, seconds in sorted(cpu.items()))
    idle = figures["idle"]
    print(f"  stack CPU-s in {wall:.0f} s: {roles} (PostgreSQL not counted; when idle {sum(idle.values()):.3f} "
          f"CPU-s/s); {every / wall:.1f} requests/s (with /healthz, {signins} sign-ins) and {stored / wall:.1f} "
          f"messages/s")
    busy = {role: max(cpu[role] - idle[role] * wall, 0.01) for role in ("web", "workers")}
    print(f"  per CPU-second above idle: {every / busy['web']:.1f} requests in gunicorn (sign-ins included), "
          f"{stored / busy['workers']:.1f} messages in the Celery workers; stack ready in "
          f"{figures['ready']:.0f} s; Locust itself used {results['locust_cpu']:.0f} CPU-s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=180, help="seconds of load (at least 180 for the figures)")
    parser.add_argument("--ramp", type=float, default=60.0,
                        help="seconds over which the officers arrive and sign in (at most a third of --duration)")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn workers in the larger size")
    parser.add_argument("--worker-threads", type=int, default=4, help="threads of each Celery worker")
    parser.add_argument("--sizes", choices=["both", "large", "small"], default="both",
                        help="large: --web-workers gunicorn workers and two Celery workers; small: one of each")
    parser.add_argument("--postgres-url", default=os.environ.get("MAD_TEST_POSTGRES_URL"),
                        help="default $MAD_TEST_POSTGRES_URL; a scratch schema is made and dropped")
    args = parser.parse_args()
    if not args.postgres_url:
        parser.error("set MAD_TEST_POSTGRES_URL (or --postgres-url): the stack runs on PostgreSQL")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start, "
          f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {args.duration} s of load per size")
    sizes = []
    if args.sizes in ("both", "large"):
        sizes.append((f"{args.web_workers} gunicorn workers x 4 threads, 2 Celery workers x {args.worker_threads} "
                      "threads, beat", args.web_workers, 2))
    if args.sizes in ("both", "small"):
        sizes.append((f"1 gunicorn worker x 4 threads, 1 Celery worker x {args.worker_threads} threads, beat", 1, 1))
    for title, web_workers, workers in sizes:
        with tempfile.TemporaryDirectory() as folder:
            figures = one_size(folder, args.postgres_url, args.officers, args.duration, web_workers, workers,
                               args.worker_threads, args.ramp)
        report(title, args.officers, figures)
        print(f"  load average {os.getloadavg()[0]:.1f} at the end", flush=True)


if __name__ == "__main__":
    main()
