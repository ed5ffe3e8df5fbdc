"""Meta-test: every route but sign-in, /healthz and static files needs a signed-in user.

It walks the app's URL map (including routes plugins add through ``register_blueprints``), so a
new page that forgets access control fails here.
"""

import re

from flask import Blueprint

from core import hookimpl
from core.api.auth import is_token_authenticated
from core.toolkit import public

PUBLIC_ENDPOINTS = {"auth.sign_in", "auth.sso_start", "auth.sso_callback", "health.healthz", "static",
                    "example_callbacks.status_callback",
                    "offline.manifest", "offline.service_worker", "offline.page",  # no data in these three
                    # The API's contract and its readable page hold no data.
                    "api-docs.openapi_json", "api_docs_page"}

plugin_blueprint = Blueprint("example_callbacks", __name__, url_prefix="/callbacks")


@plugin_blueprint.post("/status")
@public
def status_callback():
    return "ok"


@plugin_blueprint.get("/report")
def report():
    return "signed-in only"


class CallbackPlugin:
    name = "example_callbacks"

    @hookimpl
    def register_blueprints(self, mad):
        return [plugin_blueprint]


def _example_url(rule):
    """A URL that matches ``rule``: numbers for int converters and ids, a language code, a crime reference for paths."""

    def example(match):
        converter, name = match.group(1), match.group(2)
        if name == "locale":
            return "cy"
        if name == "provider":  # a directory provider's name
            return "database"
        if name == "type_name":  # a referral type
            return "encompass"
        if name == "chart_name":  # a compliance chart
            return "trend"
        if name == "urn":  # a school's unique reference number
            return "990001"
        return "1" if converter == "int" or name.endswith("_id") else "06/123456/26"

    return re.sub(r"<(?:([^:>]+):)?([^>]+)>", example, rule.rule)


def test_every_route_but_the_public_ones_sends_the_signed_out_to_sign_in(make_mad_app):
    app = make_mad_app(plugins=[CallbackPlugin()])
    client = app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_example_url(rule), method=method)
            if is_token_authenticated(app.view_functions[rule.endpoint]):
                # Machines have no sign-in page: the API refuses without a token instead.
                assert response.status_code == 401, f"{method} {rule.rule} answered {response.status_code} without a token"
                assert response.content_type == "application/problem+json", rule.rule
                checked += 1
                continue
            assert response.status_code == 302, f"{method} {rule.rule} answered {response.status_code} when signed out"
            assert response.headers["Location"].startswith("/sign-in"), rule.rule
            checked += 1
    assert checked >= 10


def test_public_routes_answer_without_signing_in(make_mad_app):
    app = make_mad_app(plugins=[CallbackPlugin()])
    client = app.test_client()
    assert client.get("/sign-in").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/build/mad.css").status_code == 200


def test_register_blueprints_a_plugins_route_is_signed_in_only_unless_marked_public(make_mad_app, signed_in):
    app = make_mad_app(plugins=[CallbackPlugin()])
    assert app.test_client().get("/callbacks/report").status_code == 302
    client, _ = signed_in(app)
    assert client.get("/callbacks/report").get_data(as_text=True) == "signed-in only"


def test_roles_without_victim_contact_cannot_see_victims_details(app, signed_in):
    for role in ("vsc", "analyst"):
        client, _ = signed_in(app, role=role)
        for url in ("/crimes/06/123456/26", "/sandbox/", "/updates/new", "/updates/new/signposting"):
            assert client.get(url).status_code == 403, (role, url)


def test_sign_in_does_not_follow_next_to_another_site(app, make_user):
    user, password = make_user(app)
    client = app.test_client()
    from core.testing import csrf_from

    token = csrf_from(client.get("/sign-in").get_data(as_text=True))
    response = client.post("/sign-in?next=//evil.example.com/x", data={"email": user.email, "password": password,
                                                                        "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(app, make_user):
    user, _ = make_user(app)
    client = app.test_client()
    from core.testing import sign_in

    response = sign_in(client, user.email, "not the password")
    assert response.status_code == 400
    assert "The email address or password is not right" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_sign_out_needs_the_csrf_token(app, signed_in):
    client, _ = signed_in(app)
    assert client.post("/sign-out").status_code == 400
    assert client.get("/").status_code == 200
