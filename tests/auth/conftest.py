"""Apps with an ``[auth]`` table of the test's choosing."""

import pytest

from core.testing import base_config
from tests.sso import oidc_provider  # noqa: F401  (the provider fixture)


@pytest.fixture
def auth_app(make_mad_app):
    """Factory: ``auth_app(**auth)`` → an app whose ``[auth]`` table is ``auth``."""

    def make(**auth):
        data = base_config()
        data["auth"] = auth
        return make_mad_app(config=data)

    return make


@pytest.fixture
def sso_app(make_mad_app, oidc_provider, monkeypatch):
    """Factory: ``sso_app(**oidc)`` → an app signing in through ``oidc_provider``."""
    monkeypatch.setenv("MAD_OIDC_CLIENT_SECRET", "test-client-secret")

    def make(local_accounts=True, **oidc):
        data = base_config()
        table = {"issuer": oidc_provider.url, "client_id": "mad-toolkit",
                 "role_mapping": {"MaD.Officer": "officer", "MaD.Supervisor": "supervisor"}}
        table.update(oidc)
        data["auth"] = {"local_accounts": local_accounts, "oidc": table}
        return make_mad_app(config=data)

    return make
