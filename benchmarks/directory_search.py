"""Directory search at national scale: search latency, and how soon a VSC's edit is found.

Run with ``.venv/bin/python benchmarks/directory_search.py [--services 100000] [--runs N] [--edits N]``.
Set ``MAD_TEST_POSTGRES_URL`` to run on PostgreSQL too (in a fresh schema, dropped afterwards).
For each database, in the same run, with two toolkit instances on the one database (as two
gunicorn workers or a worker and Celery would be):

- **search**: :func:`core.directory.finder.find` with typo-tolerant, synonym and abbreviation
  queries ("homeles", "DV", "councelling", …) and a district, through the database provider —
  including its per-search check of the directory's search version (one primary-key query);
- **like**: the plain baseline, ``lower(name) LIKE '%q%' OR lower(description) LIKE '%q%'``
  (which finds nothing for a typo or an abbreviation);
- **edit visible**: a VSC's edit saved through :func:`core.directory.editing.save_service` in one
  instance (a new word in a service's name, or the service retired), then the time the next
  search in the *other* instance takes to answer with the change in it (it applies only the
  changed service to its index); every answer is checked;
- **full rebuild**: the previous approach's cost of the first search after any change, building
  the whole index from the database again, measured on the same services.

One line per database and measure, e.g. ``sqlite search p50 0.8 ms p95 2.1 ms``.
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
    samples, cpu = [], []
    for i in range(runs):
        query, district = QUERIES[i % len(QUERIES)], rng.choice(DISTRICTS)
        started, started_cpu = time.perf_counter(), time.process_time()
        find(mad, query, district=district, limit=30)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return build, percentiles(samples), percentiles(cpu)


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


def bench_edits(editor, searcher, edits, rng):
    """Edit (or retire) a service in ``editor``; time the next search in ``searcher`` that shows it."""
    from sqlalchemy import select

    from core.directory.editing import save_service
    from core.directory.finder import find
    from core.models.directory import DirectoryService

    with editor.session() as session:
        ids = list(session.scalars(select(DirectoryService.id).limit(5000)))
    saves, visible, cpu = [], [], []
    for n in range(edits):
        service_id = rng.choice(ids)
        ids.remove(service_id)
        word = f"zephyrine{n}"
        retire = n % 4 == 3
        started = time.perf_counter()
        with editor.session() as session:
            service = session.get(DirectoryService, service_id)
            data = {name: getattr(service, name) for name in (
                "id", "name", "description", "status", "needs", "vulnerabilities", "eligibility", "languages",
                "districts", "phone", "email", "web", "address", "access", "opening_hours", "last_assured_on",
                "assured_by", "review_due_on")}
            if retire:
                word = service.name.split()[-1]  # the number that names only this service
                data["status"] = "defunct"
            else:
                data["name"] = f"{service.name} {word}"
            save_service(session, data, "vsc@example.org")
        saves.append((time.perf_counter() - started) * 1000)
        started, started_cpu = time.perf_counter(), time.process_time()
        found = find(searcher, word, limit=30)
        visible.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        listed = any(record.id == service_id for record, _score in found.results)
        if listed == retire:
            raise SystemExit(f"edit {n} of {service_id} was not seen by the next search")
    return percentiles(saves), percentiles(visible), max(visible), percentiles(cpu)


def bench_rebuild(mad, rounds):
    """The previous approach: the whole index built again from the database after any change."""
    from core.directory.search import SearchIndex

    provider = mad.directory_providers["database"]
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        SearchIndex(provider.all())
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def run(label, url, folder, services, runs, edits, rebuilds=1):
    mad = make_toolkit(url, folder)
    other = make_toolkit(url, folder)  # a second worker on the same database
    try:
        fill(mad, services)
        build, (p50, p95), (cpu50, cpu95) = bench_search(other, runs, random.Random(3))
        like50, like95 = bench_like(mad, min(runs, 50))  # a scan of every row: 50 are enough
        (save50, save95), (seen50, seen95), seen_max, (seen_cpu50, seen_cpu95) = bench_edits(
            mad, other, edits, random.Random(5))
        _build, (after50, after95), (after_cpu50, after_cpu95) = bench_search(other, runs, random.Random(4))
        rebuild = bench_rebuild(mad, rebuilds)
        print(f"{label} search p50 {p50:.2f} ms p95 {p95:.2f} ms (CPU p50 {cpu50:.2f} ms p95 {cpu95:.2f} ms)")
        print(f"{label} like p50 {like50:.2f} ms p95 {like95:.2f} ms")
        print(f"{label} edit visible to the next search (other instance) p50 {seen50:.2f} ms p95 {seen95:.2f} ms "
              f"max {seen_max:.2f} ms (CPU p50 {seen_cpu50:.2f} ms p95 {seen_cpu95:.2f} ms)")
        print(f"{label} full rebuild (previous approach, first search after any change) {rebuild:.0f} ms")
        print(f"{label} search after {edits} edits p50 {after50:.2f} ms p95 {after95:.2f} ms "
              f"(CPU p50 {after_cpu50:.2f} ms p95 {after_cpu95:.2f} ms)")
        print(f"{label} VSC's save of an edit p50 {save50:.2f} ms p95 {save95:.2f} ms")
        print(f"{label} index build (first search in a process) {build:.0f} ms")
    finally:
        mad.db.dispose()
        other.db.dispose()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args()
    print(f"{args.services} services, {args.runs} queries per method, {args.edits} edits")
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", f"sqlite:///{folder}/bench.sqlite3", Path(folder), args.services, args.runs, args.edits)
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
                run("postgresql", url, Path(folder), args.services, args.runs, args.edits)
            finally:
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()


if __name__ == "__main__":
    main()
