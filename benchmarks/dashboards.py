"""Compliance and usage dashboards over a generated force's data, beside a raw GROUP BY, in the same run.

Run with ``.venv/bin/python benchmarks/dashboards.py`` (PostgreSQL from ``MAD_TEST_POSTGRES_URL``,
in a fresh schema dropped afterwards; SQLite in a temporary file). Options: ``--messages``
(2,000,000) and ``--victims`` (400,000) size the PostgreSQL data set, ``--sqlite-messages``
(100,000) and ``--sqlite-victims`` (20,000) the SQLite one; ``--teams 60 --districts 10 --years 3``;
``--repeat 7``; ``--no-postgres`` or ``--no-sqlite`` to skip one.

The data: 5 officers a team, victims with care logs (duties answered in time, late, declined or
not at all; key decisions, NFA boxes; messages sent to them), messages (templates, channels,
languages, 3 % failures, signposting with a service), written with COPY on PostgreSQL and bulk
inserts on SQLite, with a progress bar. Then the rollups are built (timed) and every dashboard view
is requested as a signed-in analyst through the Flask test client for the last quarter: the
compliance dashboard (force and one team), the MoJ CSV, the three charts, a team's drill-down, the
usage page and its CSV. Each database prints

``postgresql dashboards p50 X ms p95 Y ms (2000000 messages)``
``postgresql raw group by p50 X ms p95 Y ms (2000000 messages)``

where the second line answers each view's questions with a straightforward GROUP BY over the raw
tables (states by team and duty; messages by template, channel, language, status, team and day),
and a line for the rollups' full build and for one incremental refresh after new work arrives.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import click  # noqa: E402

DUTIES = ("written_confirmation", "needs_assessment", "contact_plan", "referral", "vps_offered")
TEMPLATES = ("crime_reference_assigned", "signposting", "investigation_update", "suspect_charged", "crime_closed_nfa")
SERVICES = [f"{name} Victim Support" for name in ("Northtown", "Southtown", "Eastbrook", "Westley", "Millford",
                                                   "Ashby", "Brackenfield", "Coldwater")]
REASONS = ("Number not in service", "Mailbox full", "Carrier rejected the message")
END = date(2026, 11, 30)
BATCH = 5000
PASSWORD = "correct horse battery staple"


def make_toolkit(folder, url):
    """A migrated toolkit on ``url`` and its Flask app."""
    from core import create_app, migrate
    from core.config import parse_config
    from core.testing import base_config

    data = base_config()
    environ = {"MAD_SECRET_KEY": "benchmark-" + "x" * 32, "MAD_DATABASE_URL": url}
    app = create_app(config=parse_config(data, folder, environ=environ))
    mad = app.extensions["mad"]
    migrate.upgrade(mad.db)
    return app, mad


def _at(day, hour=10):
    """A time on ``day``, never after the data set's last day (nothing is stamped in the future)."""
    day = min(day, END)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def rows(args, victims, messages):
    """``(table name, columns, row generator)`` for users, messages, victims, duties and contacts (deterministic)."""
    rng = random.Random(12)
    start = END - timedelta(days=365 * args.years)
    span = (END - start).days
    officers = args.teams * 5
    team_of = {i + 1: (f"Team {i % args.teams:02d}", f"District {i % args.teams % args.districts}") for i in range(officers)}

    def users():
        for uid, (team, district) in team_of.items():
            yield (uid, f"pc{uid}@example.org", f"PC {uid} Example", "officer", "x", True, team, district, 1, _at(start))

    def message_rows():
        for n in range(messages):
            day = start + timedelta(days=rng.randrange(span + 1))
            template = rng.choice(TEMPLATES)
            failed = rng.random() < 0.03
            created = _at(day, 8 + n % 10)
            yield (f"m-{n:010d}", f"k{n:016x}", "06/1/26", template, rng.choice(("sms", "sms", "email")), "sandbox",
                   rng.choice(("en", "en", "en", "cy", "pl")), "07700 900***", "failed" if failed else "delivered",
                   rng.choice(REASONS) if failed else None, 1, rng.randrange(1, officers + 1),
                   {"service_name": rng.choice(SERVICES)} if template == "signposting" else None,
                   created, created, created)

    duties_out, contacts_out = [], []

    def victim_rows():
        for n in range(victims):
            recorded = start + timedelta(days=rng.randrange(span + 1))
            vid = f"v-{n:010d}"
            decision = rng.choice((None, None, None, "charge", "nfa"))
            decided = recorded + timedelta(days=rng.randrange(3, 60)) if decision else None
            if decided and decided > END:
                decision = decided = None
            duties = []
            for duty in DUTIES + (("right_to_review", "compensation") if decision == "nfa" else ()):
                roll = rng.random()
                if roll < 0.8:
                    done = (decided or recorded) + timedelta(days=rng.choice((0, 1, 1, 2, 6)))
                    duties.append((vid, duty, "yes", None, "PC", _at(done), _at(done)))
                elif roll < 0.9:
                    duties.append((vid, duty, "no", "Victim declined", "PC", _at(recorded), _at(recorded)))
            contacts = []
            for k in range(rng.choice((0, 1, 1, 2, 3))):
                sent = (decided if decided and k else recorded) + timedelta(days=rng.choice((0, 1, 2, 4, 9, 15)))
                contacts.append((vid, f"m-{rng.randrange(messages):010d}", "investigation_update", _at(sent, 12)))
            duties_out.extend(duties)
            contacts_out.extend(contacts)
            yield (vid, f"06/{n:07d}/26", "crime", "victim", "J. B.", "en", f"PC {n % officers + 1}",
                   n % officers + 1, recorded, rng.choice(("volume", "hate", "domestic_abuse", "burglary")),
                   rng.choice((None, None, None, "serious_crime")), decision, decided, False, _at(recorded),
                   _at(recorded))

    def drain(found):
        while found:
            yield found.pop()

    return [
        ("users", ("id", "email", "display_name", "role", "password_hash", "active", "team", "district",
                   "session_version", "created_at"), users(), officers),
        ("messages", ("id", "idempotency_key", "crime_reference", "template_id", "kind", "channel", "locale",
                      "recipient_masked", "status", "failure_reason", "attempts", "created_by_id", "fields",
                      "created_at", "next_attempt_at", "updated_at"), message_rows(), messages),
        ("victims", ("id", "crime_reference", "reference_kind", "person_kind", "name", "locale", "oic_name",
                     "oic_user_id", "recorded_on", "crime_type", "enhanced_category", "key_decision", "key_decision_on",
                     "care_log_completed", "created_at", "updated_at"), victim_rows(), victims),
        ("care_duties", ("victim_id", "duty", "state", "rationale", "recorded_by", "recorded_at", "updated_at"),
         drain(duties_out), None),
        ("victim_contacts", ("victim_id", "message_id", "template_id", "created_at"), drain(contacts_out), None),
    ]


def generate(mad, args, victims, messages):
    """Write the data set (COPY on PostgreSQL, batched inserts on SQLite) with a progress bar."""
    from core.models import Base

    engine = mad.db.engine
    postgres = engine.dialect.name == "postgresql"
    cache = {}

    def stored(table, column, value):
        """What the column's type writes for ``value`` (encrypted columns: encrypted once per distinct value)."""
        kind = Base.metadata.tables[table].c[column].type
        if value is None or not hasattr(kind, "process_bind_param") or "Encrypted" not in type(kind).__name__:
            return value
        key = (table, column, repr(value))
        if key not in cache:
            cache[key] = kind.process_bind_param(value, engine.dialect)
        return cache[key]

    total = messages + 7 * victims  # about 4.5 duties and 1.4 contacts a victim
    with click.progressbar(length=total, label=f"Generating on {engine.dialect.name}", file=sys.stderr) as bar:
        for table, columns, produced, _size in rows(args, victims, messages):
            encrypted = [c for c in columns if "Encrypted" in type(Base.metadata.tables[table].c[c].type).__name__]
            if postgres:
                raw = engine.raw_connection()
                try:
                    with raw.cursor() as cursor, cursor.copy(
                            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # nosec B608 - our names
                        for n, row in enumerate(produced):
                            if encrypted:
                                row = tuple(stored(table, c, v) if c in encrypted else v
                                            for c, v in zip(columns, row, strict=True))
                            copy.write_row(_copyable(row))
                            if n % 10000 == 9999:
                                bar.update(10000)
                    raw.commit()
                finally:
                    raw.close()
            else:
                table_object = Base.metadata.tables[table]
                chunk = []
                with engine.begin() as connection:
                    for row in produced:
                        chunk.append(dict(zip(columns, row, strict=True)))
                        if len(chunk) == BATCH:
                            connection.execute(table_object.insert(), chunk)
                            bar.update(BATCH)
                            chunk = []
                    if chunk:
                        connection.execute(table_object.insert(), chunk)
        if postgres:
            with engine.begin() as connection:
                from sqlalchemy import text

                connection.execute(text("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))"))
                connection.execute(text("ANALYZE"))


def _copyable(row):
    return tuple(json.dumps(v) if isinstance(v, dict) else v for v in row)


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


def views(quarter_start, end):
    """The dashboard views an analyst opens for the last quarter (URLs)."""
    period = f"from={quarter_start.isoformat()}&to={end.isoformat()}"
    return [f"/compliance/?{period}", f"/compliance/?{period}&team=Team+01", f"/compliance/moj.csv?{period}",
            f"/compliance/chart/trend.svg?{period}", f"/compliance/chart/team-right_4.svg?{period}",
            f"/compliance/chart/daily.svg?{period}",
            f"/compliance/drill-down?right=right_4&status=unexplained&{period}&team=Team+01",
            f"/compliance/usage?{period}", f"/compliance/usage.csv?{period}"]


RAW_COMPLIANCE = (
    "SELECT u.team, v.district, v.crime_type, v.enhanced_category IS NOT NULL, d.duty, d.state, count(*) "
    "FROM victims v LEFT JOIN users u ON u.id = coalesce(v.oic_user_id, v.created_by_id) "
    "LEFT JOIN care_duties d ON d.victim_id = v.id WHERE v.recorded_on BETWEEN :a AND :b {team} "
    "GROUP BY u.team, v.district, v.crime_type, v.enhanced_category IS NOT NULL, d.duty, d.state")
RAW_DRILL = ("SELECT v.crime_reference, v.oic_name, u.team FROM victims v JOIN users u ON u.id = v.oic_user_id "
             "LEFT JOIN care_duties d ON d.victim_id = v.id AND d.duty = 'referral' "
             "WHERE v.recorded_on BETWEEN :a AND :b AND u.team = 'Team 01' AND (d.state IS NULL OR d.state = 'no')")
RAW_USAGE = [f"SELECT {column}, count(*) FROM messages m LEFT JOIN users u ON u.id = m.created_by_id "
             f"WHERE m.created_at >= :since AND m.created_at < :until GROUP BY {column}"
             for column in ("m.template_id", "m.kind", "m.locale", "m.status", "u.team", "m.failure_reason")]
RAW_DAILY = ("SELECT date(m.created_at), count(*) FROM messages m WHERE m.created_at >= :since AND m.created_at < :until "
             "GROUP BY date(m.created_at)")


def raw_queries():
    """For each view of :func:`views`, the straightforward GROUP BY queries answering its questions."""
    force, team = RAW_COMPLIANCE.format(team=""), RAW_COMPLIANCE.format(team="AND u.team = 'Team 01'")
    return [[force], [team], [force], [force], [force], [RAW_DAILY], [RAW_DRILL], RAW_USAGE + [RAW_DAILY],
            RAW_USAGE + [RAW_DAILY]]


def measure(name, app, mad, args, victims, messages):
    """Generate, build the rollups, then time the views and the raw GROUP BY; print the lines."""
    from sqlalchemy import text

    from core.compliance.refresh import refresh
    from core.people import add_user
    from core.testing import sign_in

    generate(mad, args, victims, messages)
    began = time.perf_counter()
    refresh(mad)
    build = time.perf_counter() - began
    with mad.session() as session:
        add_user(session, email="analyst@example.org", display_name="Analyst Example", role="analyst",
                 password=PASSWORD)
    client = app.test_client()
    assert sign_in(client, "analyst@example.org", PASSWORD).status_code == 302, "the analyst could not sign in"
    quarter_start, end = END - timedelta(days=91), END
    urls = views(quarter_start, end)
    for url in urls:  # warm up (templates compiled, caches filled), and check each answers
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)
    since, until = _at(quarter_start, 0), _at(end + timedelta(days=1), 0)
    params = {"a": quarter_start, "b": end, "since": since, "until": until}

    def raw(queries):
        with mad.db.engine.connect() as connection:
            for sql in queries:
                connection.execute(text(sql), params).all()

    dashboards, baseline = [], []
    for url, queries in zip(urls, raw_queries(), strict=True):
        dashboards += timed(lambda u=url: client.get(u), args.repeat)
        baseline += timed(lambda q=queries: raw(q), args.repeat)
    for label, times in (("dashboards", dashboards), ("raw group by", baseline)):
        p50, p95 = percentiles(times)
        print(f"{name} {label} p50 {p50:.0f} ms p95 {p95:.0f} ms ({messages} messages)", flush=True)
    print(f"{name} rollups full build {build:.1f} s ({victims} victims)", flush=True)
    incremental = _incremental(mad, refresh)
    print(f"{name} rollups incremental refresh {incremental:.0f} ms (100 victims, 1000 messages new)", flush=True)


def _incremental(mad, refresh):
    """Milliseconds to refresh after 100 victims (with duties) and 1,000 messages arrive today."""
    from core.db import utcnow
    from core.models import CareDuty, Message, Victim

    now = utcnow()
    with mad.session() as session:
        for n in range(100):
            session.add(Victim(id=f"new-{n}", crime_reference=f"06/9{n:05d}/26", name="A. B.", locale="en",
                               oic_name="PC 1 Example", oic_user_id=1, recorded_on=now.date(), crime_type="volume"))
            session.add(CareDuty(victim_id=f"new-{n}", duty="referral", state="yes", recorded_by="PC 1 Example"))
        for n in range(1000):
            session.add(Message(id=f"new-{n}", idempotency_key=f"new-{n}", crime_reference="06/1/26",
                                template_id="investigation_update", kind="sms", channel="sandbox", locale="en",
                                recipient_masked="07700 900***", status="delivered", created_by_id=1 + n % 300))
    began = time.perf_counter()
    refresh(mad, now=now + timedelta(minutes=5))
    return (time.perf_counter() - began) * 1000


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2_000_000)
    parser.add_argument("--victims", type=int, default=400_000)
    parser.add_argument("--sqlite-messages", type=int, default=100_000)
    parser.add_argument("--sqlite-victims", type=int, default=20_000)
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--districts", type=int, default=10)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if not args.no_sqlite:
            app, mad = make_toolkit(Path(folder), f"sqlite:///{folder}/dashboards.sqlite3")
            measure("sqlite", app, mad, args, args.sqlite_victims, args.sqlite_messages)
            mad.db.engine.dispose()
        url = os.environ.get("MAD_TEST_POSTGRES_URL")
        if not args.no_postgres and url:
            from core.testing import PostgresSchemas

            schemas = PostgresSchemas(url)
            try:
                app, mad = make_toolkit(Path(folder), schemas.new_url())
                measure("postgresql", app, mad, args, args.victims, args.messages)
                mad.db.engine.dispose()
            finally:
                schemas.drop_all()
        elif not args.no_postgres:
            print("postgresql skipped: MAD_TEST_POSTGRES_URL is not set", file=sys.stderr)


if __name__ == "__main__":
    main()
