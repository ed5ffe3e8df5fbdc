"""Meta-test: every form post is refused without a CSRF token, for every route the app has.

It walks the URL map with every plugin shipped in this repository enabled, so a new form that
forgets the token (or a plugin that exempts itself without checking a signature) fails here.
"""

from tests.web.test_route_authentication import _example_url

#: Posts that are not forms: signed by their sender and checked by the plugin instead.
SIGNED_CALLBACKS = {"sms_twilio.status", "sms_twilio.inbound"}

SETTINGS = {
    "sms_twilio": {"account_sid": "AC" + "0" * 32, "auth_token": "t" * 32, "from_number": "+447700900999",
                   "public_base_url": "https://mad.example.org"},
}


def test_every_post_without_a_csrf_token_is_refused_before_it_reaches_the_page(make_mad_app, signed_in):
    app = make_mad_app(enabled=["sms_twilio", "referral_encompass"], settings=SETTINGS)
    client, _ = signed_in(app, role="admin")
    checked = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        response = client.post(_example_url(rule), data={})
        if rule.endpoint in SIGNED_CALLBACKS:
            assert response.status_code == 403, f"{rule.rule} accepted an unsigned callback"
            continue
        assert response.status_code == 400, f"POST {rule.rule} answered {response.status_code} without a CSRF token"
        assert "did not come from this site" in response.get_data(as_text=True)
        checked += 1
    assert checked >= 8
