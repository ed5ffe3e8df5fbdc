"""Fixtures for the directory tests: an app with the demo force's ten districts and services."""

import pytest

DEMO_DISTRICTS = ["Northtown", "Southmere", "Eastbrook", "Westvale", "Riverside", "Hillcrest", "Oldbridge",
                  "Marshgate", "Kingsford", "Ashby"]


@pytest.fixture
def directory_app(make_mad_app):
    """Factory: ``directory_app(database="sqlite", demo=True, **kwargs)`` → an app with the demo directory."""
    from core.directory.demo import load_demo_services

    def make(database="sqlite", demo=True, **kwargs):
        kwargs.setdefault("districts", DEMO_DISTRICTS)
        app = make_mad_app(database=database, **kwargs)
        if demo:
            mad = app.extensions["mad"]
            with mad.session() as session:
                load_demo_services(session, DEMO_DISTRICTS)
        return app

    return make
