"""Records entries per second: through the records outbox to PoliceWorks, beside a bare zeep loop.

Run with ``.venv/bin/python benchmarks/records.py [--entries N]``. Both sides write to the same
PoliceWorks simulator on a loopback port in the same run:

- **bare**: one zeep client (one reused session) calling AddChronologyEntry in a loop;
- **outbox**: the same number of entries stored as records writes for the ``policeworks`` writer,
  then written by the dispatcher (claim, write through the plugin, store the outcome), on SQLite.

It ends with the line ``ratio outbox/bare: X.XX``.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

USERNAME, PASSWORD = "bench", "benchmark-password"


def bare_loop(simulator, count):
    """Entries per second for a bare zeep loop (one client, one session)."""
    import zeep
    from zeep.transports import Transport
    from zeep.wsse.username import UsernameToken

    from plugins.records_policeworks.client import BINDING, shipped_wsdl_path

    client = zeep.Client(shipped_wsdl_path(), transport=Transport(operation_timeout=10),
                         wsse=UsernameToken(USERNAME, PASSWORD))
    service = client.create_service(BINDING, simulator.endpoint)
    now = datetime.now(timezone.utc)
    started = time.perf_counter()
    for _ in range(count):
        service.AddChronologyEntry(CrimeReference="06/123456/26", EntryId=str(uuid.uuid4()), EntryType="message_sent",
                                   Text="Text message to victim (+4477009***23) in English: benchmark.",
                                   Author="PC 1234 Jones", OccurredAt=now)
    return count / (time.perf_counter() - started)


def make_toolkit(simulator, folder):
    from core import create_app, migrate
    from core.config import parse_config
    from core.testing import base_config

    data = base_config()
    data["plugins"] = {"enabled": ["records_policeworks"], "records_policeworks": {
        "endpoint": simulator.endpoint, "username": USERNAME, "password": PASSWORD}}
    environ = {"MAD_SECRET_KEY": "benchmark-" + "x" * 32, "MAD_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
    app = create_app(config=parse_config(data, folder, environ=environ))
    mad = app.extensions["mad"]
    migrate.upgrade(mad.db)
    return mad


def _warm_up_entry():
    from core.toolkit import ChronologyEntry

    return ChronologyEntry(id=str(uuid.uuid4()), crime_reference="06/123456/26", entry_type="message_sent",
                           text="warm-up", author="benchmark", occurred_at=datetime.now(timezone.utc))


def outbox_loop(simulator, count, folder):
    """Entries per second through the records outbox and the PoliceWorks writer."""
    from core.models import RecordsEntry, RecordsWrite

    mad = make_toolkit(simulator, folder)
    mad.writers["policeworks"].client.add_chronology_entry(_warm_up_entry())  # WSDL parsed, client built
    with mad.session() as session:
        for _ in range(count):
            entry = RecordsEntry(id=str(uuid.uuid4()), crime_reference="06/123456/26", entry_type="message_sent",
                                 text="Text message to victim (+4477009***23) in English: benchmark.",
                                 author="PC 1234 Jones")
            session.add(entry)
            session.flush()
            session.add(RecordsWrite(entry_id=entry.id, writer="policeworks"))
    started = time.perf_counter()
    handled = mad.dispatcher.drain(timeout=600)
    elapsed = time.perf_counter() - started
    assert handled == count, f"the outbox handled {handled} of {count}"
    mad.db.dispose()
    return count / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500, help="entries per round and path")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, alternating bare and outbox")
    args = parser.parse_args()
    from plugins.records_policeworks.simulator import Simulator

    simulator = Simulator(port=0, username=USERNAME, password=PASSWORD).start()
    bare, outbox = [], []
    try:
        bare_loop(simulator, 20)  # warm up: WSDL parsed, imports done
        for _ in range(args.rounds):  # alternate, so a busy moment on the machine hits both sides
            bare.append(bare_loop(simulator, args.entries))
            with tempfile.TemporaryDirectory() as folder:
                outbox.append(outbox_loop(simulator, args.entries, folder))
        landed = len(simulator.entries())
    finally:
        simulator.stop()
    assert landed == 20 + args.rounds * (2 * args.entries + 1), f"{landed} entries landed"
    bare_rate, outbox_rate = statistics.median(bare), statistics.median(outbox)
    print(f"entries: {args.entries} per round, {args.rounds} rounds each way (median shown), PoliceWorks simulator "
          f"on loopback, SQLite outbox, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"{'path':<12}{'entries/s':>12}   rounds")
    print(f"{'bare zeep':<12}{bare_rate:>12.1f}   {', '.join(f'{r:.0f}' for r in bare)}")
    print(f"{'outbox':<12}{outbox_rate:>12.1f}   {', '.join(f'{r:.0f}' for r in outbox)}")
    print(f"ratio outbox/bare: {outbox_rate / bare_rate:.2f}")


if __name__ == "__main__":
    main()
