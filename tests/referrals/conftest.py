"""Apps with the Encompass referral type enabled and the fictional schools loaded."""

import pytest

from tests.referrals.factories import with_demo_schools


@pytest.fixture
def encompass_app(make_mad_app):
    """Factory: an app with ``referral_encompass`` enabled and the demo schools (``settings`` for the plugin)."""

    def make(database="sqlite", plugins=(), settings=None, enabled=("referral_encompass",), **force):
        all_settings = dict(settings or {})
        return with_demo_schools(make_mad_app(enabled=list(enabled), settings=all_settings, database=database,
                                              plugins=plugins, **force))

    return make
