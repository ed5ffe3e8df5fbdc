"""API tokens: made once, stored as a hash, scoped, expired, revoked, and every call audited."""

from click.testing import CliRunner
from sqlalchemy import select

from core.api.tokens import expire_token, hash_token, revoke_token
from core.models.api import ApiCall, ApiToken
from tests.factories import make_token, send_body

#: Every API route, the scope it needs, and a request for it.
ROUTES = [
    ("read:templates", "GET", "/api/v1/templates"),
    ("read:templates", "GET", "/api/v1/templates/crime_closed_nfa"),
    ("send", "POST", "/api/v1/messages"),
    ("read:status", "GET", "/api/v1/messages/00000000-0000-0000-0000-000000000000"),
    ("read:status", "GET", "/api/v1/crimes/06/123456/26/messages"),
    ("read:chronology", "GET", "/api/v1/crimes/06/123456/26/chronology"),
    ("read:directory", "GET", "/api/v1/services"),
    ("read:directory", "GET", "/api/v1/services/database/1"),
    ("read:referrals", "GET", "/api/v1/crimes/06/123456/26/referrals"),
    ("read:referrals", "GET", "/api/v1/referrals/none"),
]


def test_every_api_route_is_listed_here(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("api_v1.")}
    assert len(rules) == len(ROUTES)


def _mad(*args, env):
    from core.cli import main

    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_the_cli_prints_the_token_once_and_stores_only_its_hash(tmp_path, monkeypatch):
    from core import create_app

    instance, env = str(tmp_path / "instance"), {"MAD_SECRET_KEY": "k" * 40}
    monkeypatch.setenv("MAD_SECRET_KEY", env["MAD_SECRET_KEY"])
    assert _mad("--instance", instance, "init", env=env).exit_code == 0
    result = _mad("--instance", instance, "tokens", "create", "--name", "Records system", "--scopes",
                  "send,read:status", env=env)
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    assert secret.startswith("mad_")
    app = create_app(instance_path=instance)
    with app.extensions["mad"].session() as session:
        row = session.scalar(select(ApiToken))
        assert row.token_hash == hash_token(secret)
        assert secret not in repr([row.name, row.prefix, row.token_hash, row.scopes])
        assert row.scopes == ["send", "read:status"]
    app.extensions["mad"].db.dispose()
    listing = _mad("--instance", instance, "tokens", "list", env=env)
    assert "Records system" in listing.output and "active" in listing.output and secret not in listing.output
    assert "revoked" in _mad("--instance", instance, "tokens", "revoke", "1", env=env).output
    assert "revoked" in _mad("--instance", instance, "tokens", "list", env=env).output
    refused = _mad("--instance", instance, "tokens", "create", "--name", "x", "--scopes", "send,everything", env=env)
    assert refused.exit_code != 0
    assert "Unknown scope(s) everything: choose from send, read:status" in refused.output


def test_no_token_a_wrong_token_or_another_scheme_is_refused_with_401(app):
    client = app.test_client()
    for headers in ({}, {"Authorization": "Bearer mad_not-a-token"}, {"Authorization": "Basic eDp5"}):
        response = client.get("/api/v1/templates", headers=headers)
        assert response.status_code == 401
        assert response.json["title"] == "A valid API token is needed"
        assert "mad tokens create" in response.json["detail"]


def test_a_token_never_sees_more_than_its_scopes(app):
    client = app.test_client()
    for scope, method, url in ROUTES:
        others = [s for s, _m, _u in ROUTES if s != scope]
        _made, headers = make_token(app, scopes=set(others))
        response = client.open(url, method=method, headers=headers, json=send_body())
        assert response.status_code == 403, (url, response.json)
        assert f"needs the scope '{scope}'" in response.json["detail"]
        _made, headers = make_token(app, scopes=[scope])
        response = client.open(url, method=method, headers=headers, json=send_body())
        assert response.status_code in (200, 201, 404), (url, response.status_code, response.json)


def test_revoked_and_expired_tokens_are_refused_at_once(app):
    mad = app.extensions["mad"]
    client = app.test_client()
    made, headers = make_token(app)
    assert client.get("/api/v1/templates", headers=headers).status_code == 200
    revoke_token(mad, made.id)
    assert client.get("/api/v1/templates", headers=headers).status_code == 401
    made, headers = make_token(app)
    expire_token(mad, made.id, 0)
    assert client.get("/api/v1/templates", headers=headers).status_code == 401


def test_every_call_is_audited_by_token_and_crime_without_the_victims_details(app):
    client = app.test_client()
    _made, headers = make_token(app, name="Northtown records")
    assert client.post("/api/v1/messages", headers=headers, json=send_body()).status_code == 201
    client.get("/api/v1/templates")
    with app.extensions["mad"].session() as session:
        calls = session.scalars(select(ApiCall).order_by(ApiCall.id)).all()
        rows = [(c.token_name, c.method, c.path, c.status, c.crime_reference) for c in calls]
        stored = repr([vars(c) for c in calls])
    assert rows == [("Northtown records", "POST", "/api/v1/messages", 201, "06/123456/26"),
                    (None, "GET", "/api/v1/templates", 401, None)]
    assert "900123" not in stored


def test_admins_make_and_revoke_tokens_on_their_page_and_others_cannot(app, signed_in):
    from core.testing import csrf_from

    officer, _ = signed_in(app, role="officer")
    assert officer.get("/admin/api/tokens").status_code == 403
    admin, _ = signed_in(app, role="admin")
    page = admin.get("/admin/api/tokens").get_data(as_text=True)
    response = admin.post("/admin/api/tokens", data={"name": "Case system", "scopes": ["read:status"],
                                                     "csrf_token": csrf_from(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "shown only this once" in html
    secret = html.split("data-token-secret>")[1].split("<")[0]
    assert app.test_client().get("/api/v1/crimes/06/123456/26/messages",
                                 headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert secret not in admin.get("/admin/api/tokens").get_data(as_text=True)
    with app.extensions["mad"].session() as session:
        token_id = session.scalar(select(ApiToken.id))
    admin.post(f"/admin/api/tokens/{token_id}/revoke", data={"csrf_token": csrf_from(html)})
    assert app.test_client().get("/api/v1/crimes/06/123456/26/messages",
                                 headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    refused = admin.post("/admin/api/tokens", data={"name": "", "scopes": [], "csrf_token": csrf_from(html)})
    assert refused.status_code == 400
    assert "Give the token a name" in refused.get_data(as_text=True)
