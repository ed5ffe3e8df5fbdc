"""Compliance and usage dashboards over a generated force's data, beside a raw GROUP BY, in the same run.

Run with ``.venv/bin/python benchmarks/dashboards.py [--messages N] [--victims N] [--teams 60]
[--districts 10] [--years 3] [--repeat 7] [--postgres]``. The defaults are small (20,000 messages,
4,000 victims) so that it runs in a minute on a shared machine; the issue's full size is
``--messages 2000000 --victims 400000``. Data is bulk-inserted (executemany in batches, with a
progress bar) into a fresh SQLite file and, with ``--postgres``, a fresh schema of
``MAD_TEST_POSTGRES_URL``. Each dashboard view (the compliance figures for a quarter, one team's,
the MoJ CSV, the usage figures) is timed ``--repeat`` times; each database prints

``sqlite dashboards p50 X ms p95 Y ms (N messages)``
``sqlite raw group by p50 X ms p95 Y ms (N messages)``

where the second line is a straightforward GROUP BY over the raw tables answering the same
questions (states by team and duty; messages by template and day). The dashboards compute every
right per victim in Python (no rollup tables yet), so the gap shows what pre-aggregation would buy.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import click  # noqa: E402

DUTIES = ("written_confirmation", "needs_assessment", "contact_plan", "referral", "vps_offered")
TEMPLATES = ("crime_reference_assigned", "signposting", "investigation_update", "suspect_charged", "crime_closed_nfa")
BATCH = 5000


def make_toolkit(folder, url):
    """A migrated toolkit on ``url``."""
    from core import create_app, migrate
    from core.config import parse_config
    from core.testing import base_config

    data = base_config()
    environ = {"MAD_SECRET_KEY": "benchmark-" + "x" * 32, "MAD_DATABASE_URL": url}
    app = create_app(config=parse_config(data, folder, environ=environ))
    mad = app.extensions["mad"]
    migrate.upgrade(mad.db)
    return mad


def _batches(rows, table, connection, bar):
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        connection.execute(table.insert(), chunk)
        bar.update(len(chunk))


def generate(mad, args):
    """Users in teams, victims with duties and contacts, messages: bulk inserted. Returns the period."""
    from core.models import CareDuty, Message, User, Victim

    rng = random.Random(12)
    end = date(2026, 11, 30)
    start = end - timedelta(days=365 * args.years)
    users = [{"id": i + 1, "email": f"pc{i}@example.org", "display_name": f"PC {i} Example", "role": "officer",
              "password_hash": "x", "active": True, "team": f"Team {i % args.teams:02d}",
              "district": f"District {i % args.teams % args.districts}"} for i in range(args.teams * 5)]
    victims, duties, messages = [], [], []
    for n in range(args.victims):
        recorded = start + timedelta(days=rng.randrange((end - start).days))
        officer = rng.choice(users)["id"]
        vid = str(uuid.uuid4())
        victims.append({"id": vid, "crime_reference": f"06/{n:06d}/26", "reference_kind": "crime",
                        "person_kind": "victim", "name": "J. B.", "locale": "en", "oic_name": f"PC {officer}",
                        "oic_user_id": officer, "recorded_on": recorded, "care_log_completed": False,
                        "crime_type": rng.choice(("volume", "hate", "domestic_abuse")),
                        "enhanced_category": rng.choice((None, None, None, "serious_crime"))})
        for duty in DUTIES:
            roll = rng.random()
            if roll < 0.8:
                done = recorded + timedelta(days=rng.choice((0, 1, 1, 2, 6)))
                duties.append({"victim_id": vid, "duty": duty, "state": "yes", "recorded_by": "PC",
                               "recorded_at": datetime(done.year, done.month, done.day, 10, tzinfo=UTC)})
            elif roll < 0.9:
                duties.append({"victim_id": vid, "duty": duty, "state": "no", "rationale": "Declined",
                               "recorded_by": "PC", "recorded_at": datetime(recorded.year, recorded.month,
                                                                            recorded.day, 10, tzinfo=UTC)})
    for n in range(args.messages):
        day = start + timedelta(days=rng.randrange((end - start).days))
        status = "failed" if rng.random() < 0.03 else "delivered"
        messages.append({"id": str(uuid.uuid4()), "idempotency_key": uuid.uuid4().hex, "crime_reference": "06/1/26",
                         "template_id": rng.choice(TEMPLATES), "kind": rng.choice(("sms", "sms", "email")),
                         "channel": "sandbox", "locale": rng.choice(("en", "en", "en", "cy", "pl")),
                         "recipient_masked": "07700 900***", "status": status, "attempts": 1,
                         "failure_reason": "Number not in service" if status == "failed" else None,
                         "created_by_id": rng.choice(users)["id"],
                         "created_at": datetime(day.year, day.month, day.day, 12, tzinfo=UTC)})
    total = len(users) + len(victims) + len(duties) + len(messages)
    with mad.db.engine.begin() as connection, click.progressbar(length=total, label="Generating") as bar:
        for table, rows in ((User.__table__, users), (Victim.__table__, victims), (CareDuty.__table__, duties),
                            (Message.__table__, messages)):
            _batches(rows, table, connection, bar)
    return end - timedelta(days=91), end


def timed(function, repeat):
    """Milliseconds of each of ``repeat`` calls of ``function``."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    return times


def percentiles(times):
    """``(p50, p95)`` of ``times``."""
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(name, mad, args):
    """Generate, then time the dashboards and the raw GROUP BY; print one line each."""
    from sqlalchemy import text

    from core.compliance.figures import rollup, victim_figures
    from core.compliance.moj import to_csv
    from core.compliance.usage import usage_report

    quarter_start, end = generate(mad, args)

    def dashboards():
        with mad.session() as session:
            rows = victim_figures(mad, session, quarter_start, end, as_of=end)
            for dimension in ("team", "district", "month"):
                rollup(rows, dimension)
            to_csv(rows, quarter_start, end, by_team=True)
            victim_figures(mad, session, quarter_start, end, team="Team 01", as_of=end)
            usage_report(session, quarter_start, end)

    raw_sql = [
        "SELECT u.team, d.duty, d.state, count(*) FROM victims v JOIN users u ON u.id = v.oic_user_id "
        "JOIN care_duties d ON d.victim_id = v.id WHERE v.recorded_on BETWEEN :a AND :b GROUP BY u.team, d.duty, d.state",
        "SELECT m.template_id, count(*) FROM messages m WHERE m.created_at >= :since AND m.created_at < :until "
        "GROUP BY m.template_id",
        "SELECT date(m.created_at), count(*) FROM messages m WHERE m.created_at >= :since AND m.created_at < :until "
        "GROUP BY date(m.created_at)",
    ]
    since = datetime(quarter_start.year, quarter_start.month, quarter_start.day, tzinfo=UTC)
    until = datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=1)

    def raw():
        with mad.db.engine.connect() as connection:
            for sql in raw_sql:
                connection.execute(text(sql), {"a": quarter_start, "b": end, "since": since, "until": until}).all()

    for label, function in (("dashboards", dashboards), ("raw group by", raw)):
        p50, p95 = percentiles(timed(function, args.repeat))
        print(f"{name} {label} p50 {p50:.0f} ms p95 {p95:.0f} ms ({args.messages} messages)", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--victims", type=int, default=4_000)
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--districts", type=int, default=10)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--postgres", action="store_true", help="also on MAD_TEST_POSTGRES_URL (a fresh schema)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        measure("sqlite", make_toolkit(Path(folder), f"sqlite:///{folder}/dashboards.sqlite3"), args)
        url = os.environ.get("MAD_TEST_POSTGRES_URL")
        if args.postgres and url:
            from core.testing import PostgresSchemas

            schemas = PostgresSchemas(url)
            try:
                measure("postgresql", make_toolkit(Path(folder), schemas.new_url()), args)
            finally:
                schemas.drop_all()


if __name__ == "__main__":
    main()
