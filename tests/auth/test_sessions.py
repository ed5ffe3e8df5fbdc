"""Sessions that end: sign-out revokes server-side, idle and absolute limits, sign out everywhere."""

from core.auth.sessions import SEEN_KEY, STARTED_KEY
from core.testing import csrf_from, sign_in


def _sign_out(client):
    page = client.get("/profile/").get_data(as_text=True)
    return client.post("/sign-out", data={"csrf_token": csrf_from(page)})


def test_a_cookie_copied_before_sign_out_no_longer_opens_the_sandbox(app, signed_in):
    client, _user = signed_in(app)
    assert client.get("/sandbox/").status_code == 200
    copied = client.get_cookie("session").value
    assert _sign_out(client).status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/sandbox/")
    assert response.status_code == 302 and "/sign-in" in response.location
    page = thief.get(response.location).get_data(as_text=True)
    assert "You were signed out (from this or another device)" in page


def test_an_idle_session_ends_after_thirty_minutes_by_default(app, signed_in):
    client, _user = signed_in(app)
    with client.session_transaction() as cookie:
        cookie[SEEN_KEY] -= 29 * 60
    assert client.get("/sandbox/").status_code == 200  # 29 minutes idle: still signed in, and seen again now
    with client.session_transaction() as cookie:
        cookie[SEEN_KEY] -= 31 * 60
    response = client.get("/sandbox/")
    assert response.status_code == 302
    assert "not used for a while" in client.get(response.location).get_data(as_text=True)


def test_a_busy_session_still_ends_after_a_twelve_hour_shift(app, signed_in):
    client, _user = signed_in(app)
    with client.session_transaction() as cookie:
        cookie[STARTED_KEY] -= 12 * 3600 + 1  # used all along (seen just now), but signed in 12 hours ago
    response = client.get("/sandbox/")
    assert response.status_code == 302
    assert "reached its time limit" in client.get(response.location).get_data(as_text=True)


def test_both_limits_come_from_the_auth_settings(auth_app, make_user):
    app = auth_app(idle_minutes=5, absolute_hours=1)
    user, password = make_user(app)
    client = app.test_client()
    sign_in(client, user.email, password)
    with client.session_transaction() as cookie:
        cookie[SEEN_KEY] -= 6 * 60
    assert client.get("/sandbox/").status_code == 302
    sign_in(client, user.email, password)
    with client.session_transaction() as cookie:
        cookie[STARTED_KEY] -= 3601
    assert client.get("/sandbox/").status_code == 302


def test_an_admin_signs_a_user_out_everywhere(app, signed_in):
    officer_phone, officer = signed_in(app)
    officer_laptop = app.test_client()
    officer_laptop.set_cookie("session", officer_phone.get_cookie("session").value)
    admin, _admin_user = signed_in(app, role="admin")
    page = admin.get("/security/sessions").get_data(as_text=True)
    assert officer.email in page
    response = admin.post(f"/security/sessions/{officer.id}/end", data={"csrf_token": csrf_from(page)})
    assert "That user has been signed out everywhere" in admin.get(response.location).get_data(as_text=True)
    assert officer_phone.get("/sandbox/").status_code == 302
    assert officer_laptop.get("/sandbox/").status_code == 302
    assert admin.get("/sandbox/").status_code == 200  # only that user


def test_only_admins_open_the_sessions_page(app, signed_in):
    supervisor, _user = signed_in(app, role="supervisor")
    assert supervisor.get("/security/sessions").status_code == 403


def test_mad_users_sign_out_everywhere_ends_every_session_of_that_user(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from core import create_app
    from core.cli import main

    instance = str(tmp_path / "instance")
    env = {"MAD_SECRET_KEY": "k" * 40}
    runner = CliRunner()
    assert runner.invoke(main, ["--instance", instance, "init"], env=env).exit_code == 0
    assert runner.invoke(main, ["--instance", instance, "users", "add", "--email", "pc.jones@example.org", "--name",
                                "PC 1234 Jones", "--role", "officer", "--password", "a long enough password"],
                         env=env).exit_code == 0
    monkeypatch.setenv("MAD_SECRET_KEY", env["MAD_SECRET_KEY"])
    app = create_app(instance_path=instance)
    client = app.test_client()
    assert sign_in(client, "pc.jones@example.org", "a long enough password").status_code == 302
    result = runner.invoke(main, ["--instance", instance, "users", "sign-out-everywhere", "PC.Jones@example.org"], env=env)
    assert result.exit_code == 0 and "Signed PC.Jones@example.org out everywhere" in result.output
    assert client.get("/sandbox/").status_code == 302
    unknown = runner.invoke(main, ["--instance", instance, "users", "sign-out-everywhere", "nobody@example.org"], env=env)
    assert unknown.exit_code == 1 and "No user has the email address nobody@example.org" in unknown.output
    app.extensions["mad"].db.dispose()
