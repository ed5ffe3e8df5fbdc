"""Single sign-on against a real OpenID Connect provider on loopback."""

from core.models.people import User

from tests.sso import sso_sign_in


def _user(app, email):
    with app.extensions["mad"].session() as session:
        return session.query(User).filter_by(email=email).one_or_none()


def test_an_officer_signs_in_with_the_force_account_and_gets_the_mapped_role(sso_app, oidc_provider):
    app = sso_app()
    oidc_provider.set_user("a1", {"email": "Jo.Bloggs@example.org", "name": "PC 4321 Bloggs",
                                  "roles": ["Staff", "MaD.Officer"]})
    client = app.test_client()
    assert "Sign in with your force account" in client.get("/sign-in").get_data(as_text=True)
    response = sso_sign_in(client, "a1")
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/sandbox/").status_code == 200
    user = _user(app, "jo.bloggs@example.org")
    assert (user.role, user.display_name) == ("officer", "PC 4321 Bloggs")


def test_the_role_follows_the_provider_at_each_sign_in(sso_app, oidc_provider):
    app = sso_app()
    oidc_provider.set_user("a2", {"email": "sam@example.org", "roles": ["MaD.Officer"]})
    sso_sign_in(app.test_client(), "a2")
    oidc_provider.set_user("a2", {"email": "sam@example.org", "roles": ["MaD.Supervisor"]})
    sso_sign_in(app.test_client(), "a2")
    assert _user(app, "sam@example.org").role == "supervisor"


def test_someone_without_a_mapped_role_is_told_why_and_not_signed_in(sso_app, oidc_provider):
    app = sso_app()
    oidc_provider.set_user("a3", {"email": "visitor@example.org", "roles": ["Staff"]})
    client = app.test_client()
    response = sso_sign_in(client, "a3")
    assert response.status_code == 403
    assert "has no MaD Toolkit role" in response.get_data(as_text=True)
    assert client.get("/sandbox/").status_code == 302
    assert _user(app, "visitor@example.org") is None


def test_a_refusal_at_the_provider_says_so(sso_app):
    client = sso_app().test_client()
    response = sso_sign_in(client, "a4", decision="deny")
    assert response.status_code == 400
    assert "did not sign you in (access_denied)" in response.get_data(as_text=True)


def test_a_forged_callback_without_the_flow_is_refused(sso_app):
    client = sso_app().test_client()
    response = client.get("/sign-in/sso/callback?code=made-up&state=made-up")
    assert response.status_code == 400
    assert client.get("/sandbox/").status_code == 302


def test_local_accounts_can_be_switched_off(sso_app, make_user):
    app = sso_app(local_accounts=False)
    user, password = make_user(app)
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    assert 'type="password"' not in page and "Sign in with your force account" in page
    refused = client.post("/sign-in", data={"email": user.email, "password": password})
    assert refused.status_code in (400, 404)  # no form to take a CSRF token from, and no password sign-in behind it
    assert client.get("/sandbox/").status_code == 302


def test_a_missing_client_secret_stops_start_up_naming_the_variable(make_mad_app, oidc_provider, monkeypatch):
    import pytest

    from core.config import ConfigError
    from core.testing import base_config

    monkeypatch.delenv("MAD_OIDC_CLIENT_SECRET", raising=False)
    data = base_config()
    data["auth"] = {"oidc": {"issuer": oidc_provider.url, "client_id": "x", "role_mapping": {}}}
    with pytest.raises(ConfigError, match="MAD_OIDC_CLIENT_SECRET"):
        make_mad_app(config=data)
