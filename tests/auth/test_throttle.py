"""Sign-in throttling: 10 wrong passwords in 15 minutes and the account waits, with a clear page."""

import os
import statistics
import time

import pytest

from core.testing import csrf_from, sign_in

REDIS = os.environ.get("MAD_TEST_REDIS_URL")


def _fail(client, email, times):
    for _ in range(times):
        response = sign_in(client, email, "not the password at all")
        assert response.status_code == 400
    return response


def test_after_ten_wrong_passwords_even_the_right_one_waits(app, make_user):
    user, password = make_user(app)
    client = app.test_client()
    _fail(client, user.email, 10)
    response = sign_in(client, user.email, password)
    assert response.status_code == 429
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 15 * 60
    page = response.get_data(as_text=True)
    assert "Too many attempts to sign in" in page and "Wait 15 minutes" in page
    assert client.get("/sign-in").status_code == 200  # the page itself still opens


def test_good_sign_ins_never_count_and_other_accounts_are_not_held_up(app, make_user):
    user, password = make_user(app)
    other, other_password = make_user(app)
    client = app.test_client()
    for _ in range(3):
        assert sign_in(client, user.email, password).status_code == 302
    _fail(client, user.email, 9)
    assert sign_in(client, user.email, password).status_code == 302  # the 9 failures alone do not lock
    _fail(client, user.email, 1)
    assert sign_in(client, user.email, password).status_code == 429
    assert sign_in(client, other.email, other_password).status_code == 302


def test_one_address_trying_many_accounts_is_throttled(auth_app, make_user):
    app = auth_app(address_max_failures=5)
    user, password = make_user(app)
    client = app.test_client()
    for n in range(5):
        assert sign_in(client, f"guess{n}@example.org", "wrong password").status_code == 400
    assert sign_in(client, user.email, password).status_code == 429


@pytest.mark.skipif(not REDIS, reason="MAD_TEST_REDIS_URL is not set")
def test_with_redis_every_web_process_shares_the_count(auth_app, make_user):
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    first = auth_app(throttle_storage=REDIS)
    user, password = make_user(first)
    second = auth_app(throttle_storage=REDIS)  # another process of the same force
    make_user(second, email=user.email)
    _fail(first.test_client(), user.email, 6)
    _fail(second.test_client(), user.email, 4)
    assert sign_in(second.test_client(), user.email, password).status_code == 429
    assert sign_in(first.test_client(), user.email, password).status_code == 429


def test_unknown_accounts_take_as_long_as_known_ones(app, make_user):
    """A wrong password once took 142 ms for a real account and 7 ms for an unknown one."""
    user, _password = make_user(app)
    from core.auth.passwords import authenticate

    def timed(email):
        with app.extensions["mad"].session() as session:
            started = time.perf_counter()
            assert authenticate(session, email, "wrong password") is None
            return time.perf_counter() - started

    known = statistics.median(timed(user.email) for _ in range(5))
    unknown = statistics.median(timed("nobody-here@example.org") for _ in range(5))
    assert unknown > known * 0.5  # both pay one password hash


def test_behind_the_forces_proxy_each_client_address_is_counted_on_its_own(auth_app, make_user):
    app = auth_app(address_max_failures=3, trusted_proxies=1)
    user, password = make_user(app)

    def attempt(client, address, email, typed):
        page = client.get("/sign-in", headers={"X-Forwarded-For": address})
        return client.post("/sign-in", headers={"X-Forwarded-For": address}, data={
            "email": email, "password": typed, "csrf_token": csrf_from(page.get_data(as_text=True))})

    guesser = app.test_client()
    for n in range(3):
        assert attempt(guesser, "198.51.100.7", f"guess{n}@example.org", "wrong").status_code == 400
    assert attempt(guesser, "198.51.100.7", user.email, password).status_code == 429
    # The same proxy, another client: not held up by the guesser.
    assert attempt(app.test_client(), "192.0.2.10", user.email, password).status_code == 302
