"""Pytest fixtures for the toolkit's tests and for force plugin authors (a ``pytest11`` plugin).

A plugin author's test can build a real app around their plugin in a few lines::

    def test_my_channel(make_mad_app):
        app = make_mad_app(plugins=[MyChannelPlugin()], settings={"my_channel": {...}})

Databases: every app gets a fresh SQLite file; with ``database="postgresql"`` (and
``MAD_TEST_POSTGRES_URL`` set) a fresh PostgreSQL schema, dropped afterwards.
"""

import os
import re
import shutil
import subprocess  # nosec B404: pg_dump copies the migrated template schema (tests only)
import tempfile
import uuid
from urllib.parse import quote

import pytest

SECRET = "test-secret-key-" + "x" * 32
POSTGRES_ENV = "MAD_TEST_POSTGRES_URL"


def base_config(**force):
    """A minimal valid force configuration (as read from TOML), with ``force`` overrides."""
    table = {
        "name": "Testshire Police",
        "districts": ["Northtown", "Southmere"],
        "locales": ["en", "cy"],
        "crime_reference_pattern": r"^[0-9]{2}/[0-9]{5,6}/[0-9]{2}$",
        "crime_reference_example": "06/123456/26",
    }
    table.update(force)
    return {"force": table, "plugins": {"enabled": []}, "dispatcher": {"backoff_seconds": 0.0}}


def postgres_url():
    """The PostgreSQL server to test against, or None when the tests run on SQLite only."""
    return os.environ.get(POSTGRES_ENV) or None


def _schema_url(url, name):
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={name}')}"


class MigratedTemplates:
    """Databases migrated once per test run, copied for each app (the suite's largest saving).

    Every app still starts from what ``mad db upgrade`` builds: the template is made by the real
    migrations in the same run, then copied — a file copy on SQLite, the schema's dump replayed
    under a new name on PostgreSQL (when ``pg_dump`` is on the PATH; otherwise each app migrates).
    """

    def __init__(self):
        self.folder = None
        self.sqlite_file = None
        self.postgres_dump = {}

    def _migrate(self, url):
        from core import migrate
        from core.crypto import Keyring
        from core.db import Database

        db = Database(url, keyring=Keyring([], SECRET))
        try:
            migrate.upgrade(db)
        finally:
            db.dispose()

    def sqlite_copy(self, target):
        """Copy a migrated SQLite database to ``target`` (a path); the template is made on first use."""
        if self.sqlite_file is None:
            self.folder = tempfile.mkdtemp(prefix="mad-templates-")
            path = os.path.join(self.folder, "migrated.sqlite3")
            self._migrate(f"sqlite:///{path}")
            self.sqlite_file = path
        shutil.copyfile(self.sqlite_file, target)

    def postgres_schema(self, url, engine, name):
        """Create schema ``name`` as a copy of a migrated one; return False when it must be migrated instead."""
        from sqlalchemy import text

        if url not in self.postgres_dump:
            self.postgres_dump[url] = self._dump_migrated_schema(url, engine)
        dump = self.postgres_dump[url]
        if dump is None:
            with engine.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{name}"'))
            return False
        template_name, script = dump
        raw = engine.raw_connection()
        try:
            with raw.cursor() as cursor:
                cursor.execute(script.replace(template_name, name))
            raw.commit()
        finally:
            raw.invalidate()
        return True

    def _dump_migrated_schema(self, url, engine):
        from sqlalchemy import make_url, text

        pg_dump = shutil.which("pg_dump")
        if not pg_dump:
            return None
        name = f"t_template_{uuid.uuid4().hex[:12]}"
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        try:
            self._migrate(_schema_url(url, name))
            plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
            result = subprocess.run([pg_dump, "--schema", name, "--inserts", "--no-owner",  # nosec B603
                                     "--no-privileges", "--dbname", plain],
                                    capture_output=True, text=True, check=False)
        finally:
            with engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        if result.returncode != 0:
            return None
        # psql's own commands (newer pg_dump writes ``\\restrict`` lines) are not SQL: leave them out.
        script = "\n".join(line for line in result.stdout.splitlines() if not line.startswith("\\"))
        return name, script

    def close(self):
        """Remove the template files (at the end of the run)."""
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)


_templates = MigratedTemplates()


@pytest.fixture(scope="session")
def migrated_templates():
    """The run's :class:`MigratedTemplates` (removed when the run ends)."""
    yield _templates
    _templates.close()


class PostgresSchemas:
    """Creates one schema per app so that tests never see each other's rows."""

    def __init__(self, url, templates=None):
        from sqlalchemy import create_engine

        self.url = url
        self.engine = create_engine(url)
        self.templates = templates
        self.created = []

    def new_url(self):
        """A URL for a new empty schema (see :meth:`new_migrated_url` for a migrated one)."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        from sqlalchemy import text

        with self.engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        self.created.append(name)
        return _schema_url(self.url, name)

    def new_migrated_url(self):
        """A URL for a new schema copied from the run's migrated template, and whether the copy was made."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        copied = self.templates.postgres_schema(self.url, self.engine, name)
        self.created.append(name)
        return _schema_url(self.url, name), copied

    def drop_all(self):
        from sqlalchemy import text

        with self.engine.begin() as connection:
            for name in self.created:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        self.engine.dispose()


@pytest.fixture
def make_mad_app(tmp_path, migrated_templates):
    """Factory: ``make_mad_app(plugins=(), settings=None, database="sqlite", **force)`` → a Flask app.

    The database is migrated to head (a copy of one migrated once in the run). Apps are torn down (dispatcher stopped, pools closed,
    PostgreSQL schemas dropped) when the test ends.
    """
    from core import create_app, migrate
    from core.config import parse_config

    apps, schemas = [], []

    def make(plugins=(), settings=None, database="sqlite", enabled=(), config=None, **force):
        data = config or base_config(**force)
        for name, table in (settings or {}).items():
            data["plugins"][name] = table
        data["plugins"]["enabled"] = list(enabled)
        environ = {"MAD_SECRET_KEY": SECRET}
        if database == "postgresql":
            url = postgres_url()
            if not url:
                pytest.skip(f"{POSTGRES_ENV} is not set")
            if not schemas:
                schemas.append(PostgresSchemas(url, migrated_templates))
            environ["MAD_DATABASE_URL"], copied = schemas[0].new_migrated_url()
        else:
            path = tmp_path / f"mad-{len(apps)}.sqlite3"
            migrated_templates.sqlite_copy(path)
            environ["MAD_DATABASE_URL"], copied = f"sqlite:///{path}", True
        config_obj = parse_config(data, tmp_path, environ=environ, testing=True)
        app = create_app(config=config_obj, extra_plugins=plugins)
        if not copied:
            migrate.upgrade(app.extensions["mad"].db)
        apps.append(app)
        return app

    yield make
    for app in apps:
        mad = app.extensions["mad"]
        mad.dispatcher.stop()
        mad.db.dispose()
    for schema_set in schemas:
        schema_set.drop_all()


@pytest.fixture
def make_user():
    """Factory: ``make_user(app, role="officer")`` → ``(user, password)`` stored in the app's database."""
    from core.people import add_user

    def make(app, role="officer", email=None, display_name=None):
        password = "correct horse battery staple"
        email = email or f"{role}-{uuid.uuid4().hex[:6]}@example.org"
        with app.extensions["mad"].session() as session:
            user = add_user(session, email=email, display_name=display_name or f"PC {role.title()} Example",
                            role=role, password=password)
            session.expunge(user)
        return user, password

    return make


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html):
    """The CSRF token in a rendered page (what a browser would post back)."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client, email, password):
    """Sign ``client`` in through the real sign-in form (with its CSRF token); return the response."""
    page = client.get("/sign-in")
    return client.post("/sign-in", data={"email": email, "password": password,
                                         "csrf_token": csrf_from(page.get_data(as_text=True))})


@pytest.fixture
def signed_in(make_user):
    """Factory: ``signed_in(app, role="officer")`` → ``(client, user)`` signed in through the form.

    Any other keywords (``display_name``, ``email``) are the new user's, as for ``make_user``.
    """

    def make(app, role="officer", **user_fields):
        user, password = make_user(app, role=role, **user_fields)
        client = app.test_client()
        response = sign_in(client, user.email, password)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client, user

    return make


class FakeClock:
    """A clock that stands still until moved: :func:`core.db.utcnow` reads it while installed.

    ``advance(hours=2)`` moves it on (any :class:`datetime.timedelta` keywords); ``now`` is the
    time it shows. Retry windows of hours or days run in moments, without a real wait.
    """

    def __init__(self, start=None):
        from datetime import UTC, datetime

        self.now = start or datetime.now(UTC)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        """Move the clock on by ``delta`` (timedelta keywords); return the new time."""
        from datetime import timedelta

        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def fake_clock():
    """A :class:`FakeClock` installed for the test (so ``utcnow()`` everywhere reads it), removed after."""
    from core.db import set_clock

    clock = FakeClock()
    previous = set_clock(clock)
    yield clock
    set_clock(previous)


class OwnRedis:
    """A ``redis-server`` of the caller's own on a free loopback port, without persistence, to stop and start.

    Used by broker-restart tests and ``benchmarks/faults.py``: a Redis shared with other people must
    never be restarted, so a restart is always done on one of these. ``restart()`` keeps the port
    and, like a real restart without persistence, loses every key.
    """

    def __init__(self, folder):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.folder, self.process = folder, None

    @property
    def url(self):
        """The broker URL of this server (database 0: nobody else uses it)."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        """Start the server and wait until it accepts connections; return self."""
        import shutil
        import socket
        import subprocess  # nosec B404
        import time

        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("not run: redis-server is not installed")
        self.process = subprocess.Popen(  # nosec B603
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.02)

    def stop(self):
        """Stop the server (SIGTERM) and wait for it to exit."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def restart(self):
        """Stop and start again on the same port, every key lost; return self."""
        self.stop()
        return self.start()
