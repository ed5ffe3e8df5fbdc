"""Directory search latency on 10,000 services: the toolkit's search beside a plain LIKE query.

Run with ``.venv/bin/python benchmarks/directory_search.py [--services N] [--runs N]``. Set
``MAD_TEST_POSTGRES_URL`` to run on PostgreSQL too (in a fresh schema, dropped afterwards).
For each database, in the same run:

- **search**: :func:`core.directory.finder.find` with typo-tolerant, synonym and abbreviation
  queries ("homeles", "DV", "councelling", …) and a district, through the database provider —
  including its per-search freshness check (one ``count``/``max(updated_at)`` query) against
  the in-memory index that is rebuilt when the services change;
- **like**: the plain baseline, ``lower(name) LIKE '%q%' OR lower(description) LIKE '%q%'``
  (which finds nothing for a typo or an abbreviation).

One line per database and method, e.g. ``sqlite search p50 0.8 ms p95 2.1 ms``; the index build
(first search after a change) is printed on its own line.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = ["homeles", "DV", "councelling", "burglery", "fraud", "ASB", "mental helth", "veteran", "stalking",
           "food bank", "rape", "young people", "scam", "refuge", "debt advice", "trafficking"]
DISTRICTS = ["Northtown", "Southmere", "Eastbrook", "Westvale", "Riverside", "Hillcrest", "Oldbridge", "Marshgate",
             "Kingsford", "Ashby"]
WORDS = ("support advice help counselling refuge advocacy helpline outreach housing recovery family young older "
         "victims crime trauma money debt safety community project trust hub centre network care service line "
         "women men children veterans fraud scam burglary locks mediation neighbour shelter food bank wellbeing "
         "listening peer group specialist independent confidential free local").split()


def make_toolkit(url, folder):
    from core import migrate
    from core.config import parse_config
    from core.runtime import Toolkit

    data = {"force": {"name": "Bench Police", "districts": DISTRICTS, "locales": ["en"]},
            "plugins": {"enabled": []}}
    config = parse_config(data, folder, environ={"MAD_SECRET_KEY": "b" * 40, "MAD_DATABASE_URL": url}, testing=True)
    mad = Toolkit(config)
    migrate.upgrade(mad.db)
    return mad


def fill(mad, count, seed=7):
    """Insert ``count`` generated services in one transaction."""
    from core.directory.needs import NEEDS
    from core.models.directory import DirectoryService

    rng = random.Random(seed)
    rows = []
    for n in range(count):
        name = " ".join(rng.sample(WORDS, 3)).title()
        rows.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128))), "name": f"{name} {n}",
            "description": " ".join(rng.choices(WORDS, k=18)), "status": "active",
            "needs": [c.code for c in rng.sample(NEEDS, rng.choice((1, 1, 2)))], "vulnerabilities": [],
            "eligibility": "", "languages": ["en"], "districts": rng.sample(DISTRICTS, rng.choice((0, 1, 1, 2))),
            "phone": f"0161 496 0{n % 1000:03d}", "email": None, "web": None, "address": "", "access": "signpost",
            "opening_hours": "",
        })
    with mad.db.engine.begin() as connection:
        connection.execute(DirectoryService.__table__.insert(), rows)


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(round(0.95 * len(samples))) - 1)]


def bench_search(mad, runs, rng):
    from core.directory.finder import find

    started = time.perf_counter()
    find(mad, "warm up")  # builds the index
    build = (time.perf_counter() - started) * 1000
    samples = []
    for i in range(runs):
        query, district = QUERIES[i % len(QUERIES)], rng.choice(DISTRICTS)
        started = time.perf_counter()
        find(mad, query, district=district, limit=30)
        samples.append((time.perf_counter() - started) * 1000)
    return build, percentiles(samples)


def bench_like(mad, runs):
    from sqlalchemy import text

    statement = text("SELECT id, name FROM directory_services WHERE lower(name) LIKE :p OR lower(description) "
                     "LIKE :p LIMIT 30")
    samples = []
    with mad.db.engine.connect() as connection:
        for i in range(runs):
            started = time.perf_counter()
            connection.execute(statement, {"p": f"%{QUERIES[i % len(QUERIES)].lower()}%"}).all()
            samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def run(label, url, folder, services, runs):
    mad = make_toolkit(url, folder)
    try:
        fill(mad, services)
        build, (p50, p95) = bench_search(mad, runs, random.Random(3))
        like50, like95 = bench_like(mad, runs)
        print(f"{label} search p50 {p50:.2f} ms p95 {p95:.2f} ms")
        print(f"{label} like p50 {like50:.2f} ms p95 {like95:.2f} ms")
        print(f"{label} index build (first search after a change) {build:.0f} ms")
    finally:
        mad.db.dispose()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    print(f"{args.services} services, {args.runs} queries per method")
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", f"sqlite:///{folder}/bench.sqlite3", Path(folder), args.services, args.runs)
        postgres = os.environ.get("MAD_TEST_POSTGRES_URL")
        if postgres:
            from sqlalchemy import create_engine, text

            schema = f"bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(postgres)
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                separator = "&" if "?" in postgres else "?"
                url = f"{postgres}{separator}options={quote(f'-csearch_path={schema}')}"
                run("postgresql", url, Path(folder), args.services, args.runs)
            finally:
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()


if __name__ == "__main__":
    main()
