"""The fault suite: bursts of sends through real servers on loopback while something breaks.

Run with ``.venv/bin/python benchmarks/faults.py [--burst 200] [--only NAME ...]``. Each fault
prints exactly one line::

    fault NAME: sent N, delivered N, lost 0, doubled 0, unknown K, recovered in S s

- *sent*: items stored in the burst (messages, or records entries for the records faults);
- *delivered*: items the far end (the aiosmtpd server, the Twilio stand-in, the PoliceWorks
  simulator) received at least once; *doubled*: items it received more than once;
- *unknown*: messages left "may have been delivered" (the officer is told to check);
- *lost*: items neither delivered nor failed loudly (``failed`` or ``unknown``, on the officer's
  home page and ``/healthz``): must be 0;
- *recovered in*: from the moment the fault ended until every item had its outcome (simulated
  seconds for the fault run on a fake clock, ``records-down-2h-simulated``).

A fault that needs a server this machine lacks (PostgreSQL, Redis) prints why instead; so does one
whose items were not all settled within three minutes. The exit status is 1 if any fault lost,
doubled or did not recover.

In-process faults use the embedded dispatcher on SQLite; the process and PostgreSQL faults live
in :mod:`benchmarks.faults_processes`. Retry settings are the defaults except where a fault says.
"""

import argparse
import dataclasses
import logging
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dispatch import ACCOUNT_SID, AUTH_TOKEN, SERVICE_SID, make_toolkit, prepared_messages  # noqa: E402

PW_USER, PW_PASSWORD = "mad-faults", "faults-simulator-password"
FAULTS = {}


def fault(name):
    """Register a fault: ``fn(burst, folder) -> Tally``."""

    def register(fn):
        FAULTS[name] = fn
        return fn

    return register


@dataclasses.dataclass
class Tally:
    name: str
    sent: int
    delivered: int
    lost: int
    doubled: int
    unknown: int
    recovered: float

    def line(self):
        return (f"fault {self.name}: sent {self.sent}, delivered {self.delivered}, lost {self.lost}, "
                f"doubled {self.doubled}, unknown {self.unknown}, recovered in {self.recovered:.1f} s")


def tally_messages(name, mad, received, recovered):
    """Count a message burst: ``received`` maps each message id to how many copies arrived."""
    from sqlalchemy import select

    from core.models import Message

    with mad.session() as session:
        statuses = dict(session.execute(select(Message.id, Message.status)).all())
    delivered = sum(1 for i in statuses if received.get(i, 0) >= 1)
    doubled = sum(1 for i in statuses if received.get(i, 0) > 1)
    unknown = sum(1 for s in statuses.values() if s == "unknown")
    lost = sum(1 for i, s in statuses.items() if received.get(i, 0) == 0 and s not in ("failed", "unknown"))
    return Tally(name, len(statuses), delivered, lost, doubled, unknown, recovered)


def store_burst(mad, kind, count, first=0):
    """Store ``count`` messages as officers' Sends would (one transaction each); return their ids.

    ``first`` numbers the recipients on from an earlier part of the same burst (each message has its
    own recipient, which is how the far end's copies are counted).
    """
    from core.messaging.service import queue

    numbers = range(first, first + count)
    contacts = ([f"victim{i}@example.org" for i in numbers] if kind == "email"
                else [f"07700 9{i // 1000:02d}{i % 1000:03d}" for i in numbers])
    return [queue(mad, item, None)[0].id for item in prepared_messages(mad, kind, contacts)]


def wait_final(mad, timeout=300.0):
    """Seconds until no message is queued or sending (raises after ``timeout``)."""
    from sqlalchemy import func, select

    from core.models import Message

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        with mad.session() as session:
            if not session.scalar(select(func.count()).where(Message.status.in_(("queued", "sending")))):
                return time.monotonic() - started
        time.sleep(0.05)
    raise RuntimeError(f"not recovered: messages still waiting after {timeout:g} s")


# --- SMTP ------------------------------------------------------------------------------------


class MailServer:
    """aiosmtpd on a fixed loopback port counting Message-IDs; ``first_reply`` answers each message's first DATA."""

    def __init__(self, first_reply=None):
        from tests.plugins.email_smtp.smtp_server import SmtpServer

        self.counts, self.first_reply, self.seen, self.lock = Counter(), first_reply, set(), threading.Lock()
        self.server = SmtpServer(handler=self)

    async def handle_DATA(self, server, session, envelope):
        head = envelope.original_content.split(b"\r\n\r\n", 1)[0].decode(errors="replace")
        mid = next((line.split(":", 1)[1].strip() for line in head.split("\r\n")
                    if line.lower().startswith("message-id:")), "")
        message_id = mid.strip("<>").split("@", 1)[0]
        with self.lock:
            if self.first_reply and message_id not in self.seen:
                self.seen.add(message_id)
                return self.first_reply
            self.counts[message_id] += 1
        return "250 OK"


def email_toolkit(folder, name, port, **dispatcher):
    settings = {"host": "127.0.0.1", "port": port, "security": "none", "from_address": "updates@example.org",
                "from_name": "Testshire Police", "reply_to": "victim-care@example.org", "timeout_seconds": 5}
    mad = make_toolkit(folder, name, {"email_smtp": settings})
    mad.config.dispatcher.update({"backoff_seconds": 0.5, "backoff_max_seconds": 2.0, **dispatcher})
    return mad


@fault("smtp-down-then-up")
def smtp_down_then_up(burst, folder, down_seconds=5.0):
    mail = MailServer()
    mad = email_toolkit(folder, "smtp-down", mail.server.port)
    store_burst(mad, "email", burst)  # the mail server is not running yet: every connection is refused
    mad.dispatcher.start()
    time.sleep(down_seconds)
    mail.server.start()
    back = time.monotonic()
    wait_final(mad)
    recovered = time.monotonic() - back
    mad.dispatcher.stop()
    mail.server.stop()
    return tally_messages("smtp-down-then-up", mad, mail.counts, recovered)


@fault("smtp-4xx-then-2xx")
def smtp_4xx_then_2xx(burst, folder):
    mail = MailServer(first_reply="451 4.3.0 Try again later")
    mail.server.start()
    mad = email_toolkit(folder, "smtp-4xx", mail.server.port)
    store_burst(mad, "email", burst)
    started = time.monotonic()
    mad.dispatcher.start()
    wait_final(mad)
    recovered = time.monotonic() - started
    mad.dispatcher.stop()
    mail.server.stop()
    return tally_messages("smtp-4xx-then-2xx", mad, mail.counts, recovered)


# --- Twilio ----------------------------------------------------------------------------------


def twilio_toolkit(folder, name, standin, **settings):
    mad = make_toolkit(folder, name, {"sms_twilio": {
        "account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN, "messaging_service_sid": SERVICE_SID,
        "api_base_url": standin.url, "messages_per_second": 1000, "lookup_delay_seconds": 0, **settings}})
    mad.config.dispatcher.update({"backoff_seconds": 0.2, "backoff_max_seconds": 1.0})
    return mad


def twilio_counts(mad, standin):
    """Copies Twilio created per message id (matched by the number each message was stored with)."""
    from sqlalchemy import select

    from core.models import Message

    with mad.session() as session:
        by_number = {recipient: message_id for message_id, recipient in
                     session.execute(select(Message.id, Message.recipient)).all()}
    with standin.lock:
        return Counter(by_number.get(m["to"]) for m in standin.messages)


def twilio_fault(name, folder, burst, script, **settings):
    from tests.plugins.sms_twilio.standin import TwilioStandIn

    standin = TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN, hang_seconds=1.5).start()
    mad = twilio_toolkit(folder, name, standin, **settings)
    store_burst(mad, "sms", burst)
    standin.script = list(script)
    mad.dispatcher.start()
    while standin.script:  # the fault lasts while the scripted answers last
        time.sleep(0.01)
    over = time.monotonic()
    wait_final(mad)
    recovered = time.monotonic() - over
    mad.dispatcher.stop()
    counts = twilio_counts(mad, standin)
    standin.stop()
    return tally_messages(name, mad, counts, recovered)


@fault("twilio-429-burst")
def twilio_429(burst, folder):
    return twilio_fault("twilio-429-burst", folder, burst, ["429"] * burst)


@fault("twilio-500-burst")
def twilio_500(burst, folder):
    return twilio_fault("twilio-500-burst", folder, burst, ["500"] * burst)


@fault("twilio-timeout-after-accepting")
def twilio_timeout(burst, folder):
    # Twilio creates each text but answers after the read timeout: every one is looked up, none resent.
    return twilio_fault("twilio-timeout-after-accepting", folder, burst, ["hang-after-create"] * min(burst, 40),
                        read_timeout_seconds=0.5)


# --- PoliceWorks -----------------------------------------------------------------------------


@fault("records-down-2h-simulated")
def records_down_two_hours(burst, folder):
    from sqlalchemy import func, select

    from core.db import set_clock
    from core.models import RecordsWrite
    from core.testing import FakeClock
    from plugins.records_policeworks.simulator import Simulator

    simulator = Simulator(port=0, username=PW_USER, password=PW_PASSWORD).start()
    clock = FakeClock()
    previous = set_clock(clock)
    try:
        import os

        os.environ["MAD_FAULTS_PW_USER"], os.environ["MAD_FAULTS_PW_PASSWORD"] = PW_USER, PW_PASSWORD
        mad = make_toolkit(folder, "records-down", {"records_policeworks": {
            "endpoint": simulator.endpoint, "username": {"$env": "MAD_FAULTS_PW_USER"},
            "password": {"$env": "MAD_FAULTS_PW_PASSWORD"}, "check_crime_exists": False}})
        mad.config.dispatcher.update({"backoff_seconds": 2.0})  # the shipped retry defaults
        simulator.set_mode("http500")
        store_burst(mad, "sms", burst)  # texts go to the sandbox at once; their entries wait for PoliceWorks
        down_until = clock.now + timedelta(hours=2)

        def run_to(until):
            while True:
                mad.dispatcher.run_once()
                with mad.session() as session:
                    due = session.scalar(select(func.min(RecordsWrite.next_attempt_at))
                                         .where(RecordsWrite.status == "pending", RecordsWrite.writer == "policeworks"))
                if due is None or due > until:
                    return due
                clock.now = max(clock.now, due)

        run_to(down_until)
        clock.now = down_until
        simulator.set_mode("ok")
        while run_to(clock.now + timedelta(minutes=1)) is not None:
            clock.advance(minutes=1)
        recovered = (clock.now - down_until).total_seconds()
        with mad.session() as session:
            writes = session.execute(select(RecordsWrite.entry_id, RecordsWrite.status)
                                     .where(RecordsWrite.writer == "policeworks")).all()
        landed = Counter(entry.entry_id for entry in simulator.entries())
        calls = Counter(entry_id for entry_id, _ in writes)
    finally:
        set_clock(previous)
        simulator.stop()
    delivered = sum(1 for entry_id in calls if landed[entry_id] >= 1)
    doubled = sum(1 for entry_id in calls if landed[entry_id] > 1)
    lost = sum(1 for entry_id, status in writes if landed[entry_id] == 0 and status != "failed")
    return Tally("records-down-2h-simulated", len(writes), delivered, lost, doubled, 0, recovered)


def main(argv=None):
    from benchmarks import faults as registry  # this file as a module: the process faults register there
    from benchmarks import faults_processes  # noqa: F401 (registers the process and PostgreSQL faults)

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--burst", type=int, default=200, help="sends per fault (at least 200 for the README table)")
    parser.add_argument("--only", nargs="*", help="run only these faults")
    args = parser.parse_args(argv)
    logging.disable(logging.ERROR)  # retries and cut connections are expected here: print only the tallies
    failures = 0
    for name, run in registry.FAULTS.items():
        if args.only and name not in args.only:
            continue
        with tempfile.TemporaryDirectory() as folder:
            try:
                tally = run(args.burst, Path(folder))
            except RuntimeError as exc:  # a needed server is missing, or the fault was not recovered: say so
                print(f"fault {name}: {exc}", flush=True)
                failures += 1
                continue
        print(tally.line(), flush=True)
        failures += tally.lost > 0 or tally.doubled > 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
