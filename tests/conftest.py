"""Shared fixtures. The app factories come from ``core.testing`` (installed as a pytest plugin)."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from core.testing import postgres_url

DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


#: Tests that start worker processes and time them run one after another in one test process
#: (``make test`` runs the suite on every core with pytest-xdist's ``--dist loadgroup``).
PROCESS_TIMED = ("dispatch",)


def pytest_configure(config):
    """Under pytest-xdist, give each test process its own Redis database (tests empty theirs)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("MAD_TEST_REDIS_URL")
    if worker.startswith("gw") and url:
        parts = urlsplit(url)
        base = int(parts.path.strip("/") or 0)
        index = (base + int(worker[2:])) % 16
        os.environ["MAD_TEST_REDIS_URL"] = urlunsplit(parts._replace(path=f"/{index}"))


def pytest_collection_modifyitems(config, items):
    """Keep the process-timed tests together (see PROCESS_TIMED)."""
    tests = Path(__file__).parent
    for item in items:
        relative = Path(item.fspath).relative_to(tests) if Path(item.fspath).is_relative_to(tests) else None
        if relative and relative.parts[0] in PROCESS_TIMED:
            item.add_marker(pytest.mark.xdist_group("worker-processes"))


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """Compile locales/*.po once per run, so tests never read stale .mo files (the install does the same)."""
    from core.i18n import compile_catalogues

    compiled, _problems = compile_catalogues()
    return compiled


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes():
    """Test users' passwords are hashed with a cheap scrypt cost (the app's default is checked in tests/auth)."""
    from core.models import people

    default, people.PASSWORD_HASH_METHOD = people.PASSWORD_HASH_METHOD, "scrypt:1024:8:1"
    yield default
    people.PASSWORD_HASH_METHOD = default


@pytest.fixture(params=DATABASES)
def database(request):
    """Run a test once on SQLite and once on PostgreSQL (skipped when MAD_TEST_POSTGRES_URL is unset)."""
    if request.param == "postgresql" and not postgres_url():
        pytest.skip("MAD_TEST_POSTGRES_URL is not set")
    return request.param


@pytest.fixture
def app(make_mad_app):
    """An app on SQLite with only the built-in plugins."""
    return make_mad_app()


@pytest.fixture
def mad(app):
    """The running toolkit of ``app``."""
    return app.extensions["mad"]
