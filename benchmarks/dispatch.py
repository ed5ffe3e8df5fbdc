"""Messages per second through the whole pipeline, beside a bare client loop, in the same run.

Run with ``.venv/bin/python benchmarks/dispatch.py [--emails N] [--sms N] [--celery]``.

- **Email**: N emails stored through the send service (message, records entry and records write
  in one transaction each) while the embedded dispatcher delivers them through the ``email_smtp``
  plugin to a local aiosmtpd server and stores each outcome, on SQLite; timed from the first store
  to the last stored status. Beside it, the same N emails (same words, same recipients) built as
  ``EmailMessage`` and sent with bare ``smtplib`` over one connection to the same server.
- **SMS**: N texts through the ``sms_twilio`` plugin the same way, to the Twilio stand-in (a
  local HTTP server speaking the Messages API, reached by the unmodified twilio library), beside a
  bare twilio ``Client`` loop creating the same N texts.

Each section ends with ``ratio pipeline/raw: X.XX``. Every message is checked to have arrived
exactly once. ``--celery`` also sends the emails through two Celery worker processes on
PostgreSQL (see :mod:`benchmarks.celery_mode`). ``--profile`` instead stores and delivers the
emails once under cProfile (the dispatcher in the main thread) and prints the top entries;
``--breakdown`` times each stage of the dispatch without a profiler and prints milliseconds per
message.
"""

import argparse
import dataclasses
import os
import smtplib
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "benchmark-auth-token-0123456789"
SERVICE_SID = "MG" + "fedcba9876543210" * 2
FROM = "updates@example.org"


class CountingHandler:
    """An aiosmtpd handler that only counts Message-IDs (both sides pay the same server cost)."""

    def __init__(self):
        self.message_ids = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        head = envelope.original_content.split(b"\r\n\r\n", 1)[0]
        mid = next((line for line in head.split(b"\r\n") if line.lower().startswith(b"message-id:")), b"")
        with self.lock:
            self.message_ids.append(mid)
        return "250 OK"


def email_toolkit(folder, name, port, count):
    """A toolkit sending through ``email_smtp`` to the local aiosmtpd on ``port``, and ``count`` emails prepared for it."""
    settings = {"host": "127.0.0.1", "port": port, "security": "none", "from_address": FROM,
                "from_name": "Testshire Police", "reply_to": "victim-care@example.org"}
    mad = make_toolkit(folder, name, {"email_smtp": settings})
    return mad, prepared_messages(mad, "email", [f"victim{i}@example.org" for i in range(count)])


def sms_toolkit(folder, name, url, count):
    """A toolkit sending through ``sms_twilio`` to the Twilio stand-in at ``url``, and ``count`` texts prepared for it.

    The recipients cycle through the drama range's 1,000 numbers.
    """
    from core.messaging.recipients import normalise_mobile

    os.environ["MAD_BENCH_TWILIO_TOKEN"] = AUTH_TOKEN
    settings = {"account_sid": ACCOUNT_SID, "auth_token": {"$env": "MAD_BENCH_TWILIO_TOKEN"},
                "messaging_service_sid": SERVICE_SID, "public_base_url": "https://mad.example.org",
                "api_base_url": url, "messages_per_second": 10000}
    mad = make_toolkit(folder, name, {"sms_twilio": settings})
    first = prepared_messages(mad, "sms", ["07700 900000"])[0]
    return mad, [dataclasses.replace(first, recipient=normalise_mobile(f"07700 900{i % 1000:03d}"))
                 for i in range(count)]


def make_toolkit(folder, name, plugins):
    """A migrated toolkit on a fresh SQLite file with ``plugins`` = {name: settings}."""
    from core import create_app, migrate
    from core.config import parse_config
    from core.testing import base_config

    data = base_config()
    data["plugins"] = {"enabled": list(plugins), **plugins}
    data["dispatcher"] = {"backoff_seconds": 0.0, "poll_seconds": 0.05}
    environ = {"MAD_SECRET_KEY": "benchmark-" + "x" * 32, "MAD_DATABASE_URL": f"sqlite:///{folder}/{name}.sqlite3"}
    app = create_app(config=parse_config(data, folder, environ=environ))
    mad = app.extensions["mad"]
    migrate.upgrade(mad.db)
    return mad


def prepared_messages(mad, kind, recipients):
    """One rendered message per recipient, as the send form would prepare them."""
    from core.messaging.service import prepare

    request = {"crime_reference": "06/123456/26", "kind": kind, "recipient": recipients[0], "locale": "en",
               "template_id": "crime_reference_assigned", "fields": {"officer_name": "PC 1234 Jones"}}
    first = prepare(mad, request)
    return [dataclasses.replace(first, recipient=r) for r in recipients]


def run_pipeline(mad, prepared):
    """Store every message, then let the embedded dispatcher deliver them all.

    Returns ``(store seconds, dispatch seconds)``. The phases run one after the other: on SQLite a
    tight loop of stores racing the dispatcher mostly measures SQLite's busy-wait sleeps, which
    officers sending one message at a time never cause. The end is noticed by asking the database
    every 0.1 s (at most 0.1 s late, under 1% of a run): asking every 10 ms took a third of the
    dispatcher's time in a third thread competing for the interpreter, a cost production never has.
    """
    from sqlalchemy import func, select

    from core.messaging.service import queue
    from core.models import Message

    started = time.perf_counter()
    for item in prepared:
        queue(mad, item, None)
    stored = time.perf_counter()
    mad.dispatcher.start()
    while True:
        with mad.session() as session:
            pending = session.scalar(select(func.count()).where(Message.status.in_(("queued", "sending"))))
        if not pending:
            break
        time.sleep(0.1)
    finished = time.perf_counter()
    mad.dispatcher.stop()
    with mad.session() as session:
        statuses = dict(session.execute(select(Message.status, func.count()).group_by(Message.status)).all())
    assert statuses == {"sent": len(prepared)}, statuses
    return stored - started, finished - stored


def raw_smtp_loop(port, recipients, rendered, tag):
    """Messages per second for bare smtplib over one connection, building each EmailMessage as a script would."""
    from email.message import EmailMessage
    from email.policy import SMTP

    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i, recipient in enumerate(recipients):
            email = EmailMessage(policy=SMTP)
            email["From"], email["To"], email["Subject"] = f"Testshire Police <{FROM}>", recipient, rendered.subject
            email["Message-ID"] = f"<raw-{tag}-{i}@example.org>"
            email.set_content(rendered.body)
            email.add_alternative(rendered.body_html, subtype="html")
            smtp.send_message(email)
    return len(recipients) / (time.perf_counter() - started)


def email_section(count, folder, celery=None):
    """Figures for the email pipeline and raw smtplib (run before and after it, to share the machine's load)."""
    from tests.plugins.email_smtp.smtp_server import SmtpServer

    server = SmtpServer(handler=CountingHandler()).start()
    figures = {}
    try:
        mad, prepared = email_toolkit(folder, "email", server.port, count)
        recipients = [item.recipient for item in prepared]
        figures["raw"] = [raw_smtp_loop(server.port, recipients, prepared[0].rendered, "before")]
        figures["store"], figures["dispatch"] = run_pipeline(mad, prepared)
        mad.channels_by_name["email_smtp"].close()
        mad.db.dispose()
        figures["raw"].append(raw_smtp_loop(server.port, recipients, prepared[0].rendered, "after"))
        if celery is not None:
            from benchmarks.celery_mode import run as run_celery

            figures["celery"] = run_celery(count, folder, server.port,
                                           lambda m: prepared_messages(m, "email", recipients), **celery)
    finally:
        server.stop()
    ids = server.handler.message_ids
    runs = 4 if celery else 3
    assert len(ids) == runs * count and len(set(ids)) == runs * count, "an email arrived twice or not at all"
    return figures


def raw_twilio_loop(standin, items):
    """Messages per second for a bare twilio Client creating the same texts."""
    from twilio.rest import Client

    from plugins.sms_twilio.client import RewritingHttpClient

    client = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=RewritingHttpClient(standin.url, timeout=(5, 30)))
    started = time.perf_counter()
    for item in items:
        client.messages.create(to=item.recipient, body=item.rendered.body, messaging_service_sid=SERVICE_SID,
                               status_callback="https://mad.example.org/callbacks/sms-twilio/status")
    return len(items) / (time.perf_counter() - started)


def sms_section(count, folder):
    """Figures for the SMS pipeline and a bare twilio client loop (run before and after it)."""
    from tests.plugins.sms_twilio.standin import TwilioStandIn

    standin = TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN).start()
    figures = {}
    try:
        mad, items = sms_toolkit(folder, "sms", standin.url, count)
        figures["raw"] = [raw_twilio_loop(standin, items)]
        figures["store"], figures["dispatch"] = run_pipeline(mad, items)
        mad.db.dispose()
        figures["raw"].append(raw_twilio_loop(standin, items))
    finally:
        standin.stop()
    per_number = {}
    for message in standin.messages:
        per_number[message["to"]] = per_number.get(message["to"], 0) + 1
    expected = {number: 3 * sum(1 for item in items if item.recipient == number) for number in per_number}
    assert len(standin.messages) == 3 * count and per_number == expected, "a text was created twice or not at all"
    return figures


def profile_section(count, folder, top=25):
    """Store and deliver ``count`` emails under cProfile; print the top entries of each phase."""
    import cProfile
    import pstats

    from core.dispatcher import Dispatcher
    from core.messaging.service import queue
    from tests.plugins.email_smtp.smtp_server import SmtpServer

    server = SmtpServer(handler=CountingHandler()).start()
    try:
        mad, prepared = email_toolkit(folder, "profile", server.port, count)
        for phase, work in (("store", lambda: [queue(mad, item, None) for item in prepared]),
                            ("dispatch", lambda: Dispatcher(mad).drain(timeout=3600))):
            profiler = cProfile.Profile()
            profiler.runcall(work)
            print(f"--- {phase}: {count} emails, top {top} by cumulative time")
            pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(top)
        mad.channels_by_name["email_smtp"].close()
    finally:
        server.stop()


class StageClock:
    """Wall time spent in named stages of the dispatch, without a profiler's overhead (``--breakdown``)."""

    def __init__(self):
        self.seconds = {}

    def wrap(self, name, function):
        """``function``, timed under ``name``."""
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
        return timed


def breakdown_section(kind, count, folder):
    """Store and deliver ``count`` messages of ``kind``, timing each stage; print ms per message.

    The dispatcher runs in this thread (as under ``--profile``); the stages are the channel's send,
    storing the outcome with the next claim (one commit), the records writes and the listeners of
    each event. What is left is the delivery loop's own Python.
    """
    import core.dispatcher
    from core.dispatcher import Dispatcher
    from core.messaging import outbox
    from core.messaging.service import queue

    if kind == "email":
        from tests.plugins.email_smtp.smtp_server import SmtpServer

        server = SmtpServer(handler=CountingHandler()).start()
        mad, prepared = email_toolkit(folder, "breakdown-email", server.port, count)
    else:
        from tests.plugins.sms_twilio.standin import TwilioStandIn

        server = TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN).start()
        mad, prepared = sms_toolkit(folder, "breakdown-sms", server.url, count)
    clock = StageClock()
    channel = next(iter(mad.channels_by_name.values()))
    track_event = mad.track_event
    saved = (outbox._finish, core.dispatcher.write_batch)
    try:
        channel.send = clock.wrap("the channel's send (the wire, and the plugin's own work)", channel.send)
        outbox._finish = clock.wrap("storing the outcome and the next claim (one commit)", outbox._finish)
        core.dispatcher.write_batch = clock.wrap("records writes (a batch at a time)", core.dispatcher.write_batch)
        mad.track_event = lambda event: clock.wrap(f"listeners of {type(event).__name__}", track_event)(event)
        started = time.perf_counter()
        for item in prepared:
            queue(mad, item, None)
        store = time.perf_counter() - started
        started = time.perf_counter()
        Dispatcher(mad).drain(timeout=3600)
        dispatch = time.perf_counter() - started
    finally:
        outbox._finish, core.dispatcher.write_batch = saved
        server.stop()
    print(f"--- {kind}: {count} messages, ms per message")
    print(f"  store (send service, one transaction each)                  {1000 * store / count:7.3f}")
    print(f"  dispatch (claim, send, status, records)                     {1000 * dispatch / count:7.3f}")
    for name, seconds in sorted(clock.seconds.items(), key=lambda item: -item[1]):
        print(f"    {name:<58}{1000 * seconds / count:7.3f}")


def report(title, count, figures, raw_name):
    """Print one section; the ratio uses the whole pipeline (store + dispatch) and the mean baseline rate."""
    pipeline = count / (figures["store"] + figures["dispatch"])
    raw = sum(figures["raw"]) / len(figures["raw"])
    print(f"{title}: {count} each way")
    rows = [("pipeline: store + dispatch (embedded dispatcher, SQLite)", pipeline),
            ("  of which store (send service, one transaction each)", count / figures["store"]),
            ("  of which dispatch (claim, send, status, records)", count / figures["dispatch"])]
    if figures.get("celery"):
        rows.append(("pipeline with 2 Celery workers x 4 threads, PostgreSQL", figures["celery"]))
    rows += [(f"{raw_name} (before / after: {figures['raw'][0]:.0f} / {figures['raw'][1]:.0f})", raw)]
    for name, rate in rows:
        print(f"  {name:<64}{rate:>9.1f} msg/s")
    print(f"ratio pipeline/raw: {pipeline / raw:.2f}")
    if figures.get("celery"):
        print(f"ratio celery pipeline/raw: {figures['celery'] / raw:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=5000)
    parser.add_argument("--sms", type=int, default=2000)
    parser.add_argument("--db-dir", default=None,
                        help="folder for the SQLite files (default: a temporary folder; a RAM disk shows the cost "
                             "of the code without the disk's fsync)")
    parser.add_argument("--celery", action="store_true",
                        help="also run the email pipeline with two Celery workers on PostgreSQL")
    parser.add_argument("--postgres-url", default=os.environ.get("MAD_TEST_POSTGRES_URL"),
                        help="for --celery (default $MAD_TEST_POSTGRES_URL); a scratch schema is made and dropped")
    parser.add_argument("--broker-url", default=os.environ.get("MAD_TEST_REDIS_URL") or os.environ.get("MAD_BROKER_URL"),
                        help="for --celery (default $MAD_TEST_REDIS_URL, then $MAD_BROKER_URL)")
    parser.add_argument("--profile", action="store_true",
                        help="profile the email pipeline (store, then dispatch) with cProfile instead of timing it")
    parser.add_argument("--breakdown", action="store_true",
                        help="time each stage of the dispatch (no profiler) for the emails and the texts")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start, "
          f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    celery = None
    if args.celery:
        if not (args.postgres_url and args.broker_url):
            parser.error("--celery needs --postgres-url and --broker-url (or MAD_TEST_POSTGRES_URL and MAD_TEST_REDIS_URL)")
        celery = {"postgres_url": args.postgres_url, "broker_url": args.broker_url}
    with tempfile.TemporaryDirectory(dir=args.db_dir) as folder:
        if args.profile:
            return profile_section(args.emails, folder)
        if args.breakdown:
            for kind, count in (("email", args.emails), ("sms", args.sms)):
                if count:
                    breakdown_section(kind, count, folder)
            return None
        if args.emails:
            report("Email to a local aiosmtpd", args.emails, email_section(args.emails, folder, celery),
                   "raw smtplib, one connection")
        if args.sms:
            report("SMS to the Twilio stand-in", args.sms, sms_section(args.sms, folder), "bare twilio client loop")


if __name__ == "__main__":
    main()
