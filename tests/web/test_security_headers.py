"""Security headers come from flask-talisman; HSTS and secure cookies behind HTTPS (MAD_SECURE_COOKIES=1)."""




def test_every_page_carries_the_security_headers_and_no_hsts_over_plain_http(app):
    response = app.test_client().get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp  # inline scripts only with this response's nonce
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers


def test_behind_https_browsers_are_told_to_keep_to_https_and_cookies_are_https_only(make_mad_app, make_user,
                                                                                      monkeypatch):
    monkeypatch.setenv("MAD_SECURE_COOKIES", "1")
    app = make_mad_app()
    user, password = make_user(app)
    client = app.test_client()
    client.get("/sign-in", base_url="https://mad.example.org")
    page = client.get("/sign-in", base_url="https://mad.example.org")
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    proxied = client.get("/sign-in", headers={"X-Forwarded-Proto": "https"})  # TLS ended at the proxy
    assert proxied.headers["Strict-Transport-Security"] == "max-age=31536000"
    from core.testing import csrf_from

    signed = client.post("/sign-in", base_url="https://mad.example.org", headers={"Referer": "https://mad.example.org/sign-in"},
                         data={"email": user.email, "password": password, "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert signed.status_code == 302
    cookie = signed.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_captured_email_keeps_its_own_sandboxed_policy(app, signed_in):
    from tests.helpers import SMS_UPDATE, preview_and_send
    from core.models import SandboxCapture

    client, _officer = signed_in(app)
    preview_and_send(client, "crime_reference_assigned", {**SMS_UPDATE, "kind": "email",
                                                          "recipient": "victim@example.org"})
    app.extensions["mad"].dispatcher.drain()
    with app.extensions["mad"].session() as session:
        capture_id = session.query(SandboxCapture).one().id
    html = client.get(f"/sandbox/{capture_id}/html")
    assert html.status_code == 200
    directives = [part.strip() for part in html.headers["Content-Security-Policy"].split(";")]
    assert directives == ["sandbox", "default-src 'none'", "style-src 'unsafe-inline'"]
