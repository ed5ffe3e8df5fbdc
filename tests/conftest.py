"""Shared fixtures. The app factories come from ``core.testing`` (installed as a pytest plugin)."""

import pytest

from core.testing import postgres_url

DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """Compile locales/*.po once per run, so tests never read stale .mo files (the install does the same)."""
    from core.i18n import compile_catalogues

    compiled, _problems = compile_catalogues()
    return compiled


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
