"""Passwords are stored as werkzeug scrypt hashes at full cost (only test users get a cheap cost)."""

from werkzeug.security import check_password_hash, generate_password_hash


def test_the_app_hashes_new_passwords_with_full_cost_scrypt(quick_password_hashes):
    stored = generate_password_hash("correct horse battery staple", method=quick_password_hashes)
    assert stored.startswith("scrypt:32768:8:1$")
    assert check_password_hash(stored, "correct horse battery staple")
    assert not check_password_hash(stored, "correct horse battery stapler")


def test_an_account_made_in_a_test_still_signs_in_through_the_form(app, signed_in):
    client, user = signed_in(app, role="officer")
    assert client.get("/").status_code == 200
