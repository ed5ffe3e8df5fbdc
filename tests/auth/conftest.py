"""Apps with an ``[auth]`` table of the test's choosing."""

import pytest

from core.testing import base_config


@pytest.fixture
def auth_app(make_mad_app):
    """Factory: ``auth_app(**auth)`` → an app whose ``[auth]`` table is ``auth``."""

    def make(**auth):
        data = base_config()
        data["auth"] = auth
        return make_mad_app(config=data)

    return make
