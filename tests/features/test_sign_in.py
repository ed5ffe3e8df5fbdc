"""Step definitions for features/sign_in.feature: single sign-on, lockout and sign-out.

Single sign-on goes to a real OpenID Connect provider on loopback (the ``oidc_provider`` fixture);
everything else is the real pages through Flask's test client.
"""

from dataclasses import dataclass, field

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from core.testing import base_config, csrf_from, sign_in
from tests.sso import oidc_provider, sso_sign_in  # noqa: F401  (the provider fixture)

scenarios("sign_in.feature")

SUBJECTS = {"PC 4321 Bloggs": "bloggs-4321", "the visitor": "visitor-1"}


@dataclass
class SignInCase:
    app: object = None
    officer: object = None
    password: str = None
    clients: dict = field(default_factory=dict)
    response: object = None


@pytest.fixture
def case():
    return SignInCase()


@given("the force signs officers in with its own identity provider")
def force_sso(case, make_mad_app, oidc_provider, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MAD_OIDC_CLIENT_SECRET", "feature-client-secret")
    data = base_config()
    data["auth"] = {"oidc": {"issuer": oidc_provider.url, "client_id": "mad-toolkit",
                             "role_mapping": {"MaD.Officer": "officer"}}}
    case.app = make_mad_app(config=data)


@given("the identity provider gives PC 4321 Bloggs the MaD Toolkit officer role")
def bloggs_is_an_officer(oidc_provider):  # noqa: F811
    oidc_provider.set_user(SUBJECTS["PC 4321 Bloggs"], {"email": "bloggs@example.org", "name": "PC 4321 Bloggs",
                                                        "roles": ["MaD.Officer"]})


@given("the identity provider knows a visitor who has no MaD Toolkit role")
def visitor_without_role(oidc_provider):  # noqa: F811
    oidc_provider.set_user(SUBJECTS["the visitor"], {"email": "visitor@example.org", "roles": ["Contractors"]})


@when(parsers.parse('{who} presses "Sign in with your force account" and signs in at the force'))
def press_sso(case, who):
    client = case.app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    assert "Sign in with your force account" in page
    case.clients[who] = client
    case.response = sso_sign_in(client, SUBJECTS[who])


@then("PC 4321 Bloggs sees the toolkit's home page")
def sees_home(case):
    client = case.clients["PC 4321 Bloggs"]
    home = client.get(case.response.location)
    assert home.status_code == 200 and "Sign out" in home.get_data(as_text=True)


@then("PC 4321 Bloggs may look at the sandbox, as officers may")
def bloggs_sandbox(case):
    assert case.clients["PC 4321 Bloggs"].get("/sandbox/").status_code == 200


@then(parsers.parse('the visitor is told "{words}"'))
def visitor_told(case, words):
    assert words in case.response.get_data(as_text=True)


@then("the visitor cannot see the sandbox")
def visitor_no_sandbox(case):
    assert case.clients["the visitor"].get("/sandbox/").status_code == 302


@given("the toolkit uses its own accounts")
def local_accounts(case, make_mad_app):
    case.app = make_mad_app()


@given("an officer has an account")
def officer_account(case, make_user):
    case.officer, case.password = make_user(case.app)


@when(parsers.parse("someone types a wrong password for the officer's account {times:d} times"))
def wrong_passwords(case, times):
    guesser = case.app.test_client()
    for _ in range(times):
        assert sign_in(guesser, case.officer.email, "Password1").status_code == 400


@then("the officer's right password is not accepted either")
def right_password_waits(case):
    case.response = sign_in(case.app.test_client(), case.officer.email, case.password)
    assert case.response.status_code == 429


@then(parsers.parse('the page says "{words}" and to wait {minutes:d} minutes'))
def page_says_wait(case, words, minutes):
    page = case.response.get_data(as_text=True)
    assert words in page and f"Wait {minutes} minutes" in page
    assert int(case.response.headers["Retry-After"]) <= minutes * 60


@given("the officer is signed in on a phone and a laptop")
def phone_and_laptop(case):
    for device in ("phone", "laptop"):
        client = case.app.test_client()
        assert sign_in(client, case.officer.email, case.password).status_code == 302
        case.clients[device] = client


@when('the officer presses "Sign out" on the phone')
def sign_out_phone(case):
    phone = case.clients["phone"]
    token = csrf_from(phone.get("/").get_data(as_text=True))
    assert phone.post("/sign-out", data={"csrf_token": token}).status_code == 302


@then("the laptop is asked to sign in again before it can open the sandbox")
def laptop_signed_out(case):
    response = case.clients["laptop"].get("/sandbox/")
    assert response.status_code == 302 and "/sign-in" in response.location
