"""A real OpenID Connect provider on loopback for the sign-in tests, and signing in through it."""

import pytest


@pytest.fixture(scope="module")
def oidc_provider():
    """A real OpenID Connect provider on loopback (oidc-provider-mock, built on Authlib's server side).

    It serves discovery, JWKS, authorize, token and userinfo; ``provider.set_user(sub, claims)``
    decides what the next sign-in as ``sub`` says about the person.
    """
    import requests
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(require_nonce=True) as server:
        issuer = f"http://localhost:{server.server_port}"

        class Provider:
            url = issuer

            @staticmethod
            def set_user(sub, claims):
                answer = requests.put(f"{issuer}/users/{sub}", json=claims, timeout=10)
                assert answer.status_code == 204, answer.text

        yield Provider()



def sso_sign_in(client, sub, decision="allow"):
    """Press the single sign-on button, sign in at the provider as ``sub``, come back; return the last response."""
    import requests

    start = client.get("/sign-in/sso")
    assert start.status_code == 302, start.get_data(as_text=True)
    form = {"sub": sub} if decision == "allow" else {"action": "deny"}
    at_provider = requests.post(start.location, data=form, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = at_provider.headers["Location"]
    assert back.startswith("http://localhost/sign-in/sso/callback?")
    return client.get(back.removeprefix("http://localhost"))
