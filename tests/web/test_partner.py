"""The commissioned victims' service as a user (the ``partner`` role): an officer refers a consenting
victim, the partner sees only the victims referred to them and records contact; a meta-test walks
every route to check what a partner can reach."""


from core.models import AccessRecord, PartnerReferral
from core.testing import csrf_from
from tests.features.pages import form_posting_to, form_values, parse_page, squash
from tests.web.test_route_authentication import _example_url

#: What a partner may open: the directory, resources, sections, their own queue and their settings.
PARTNER_PAGES = ("home.", "directory.", "resources.index", "sections.index", "partner.index", "partner.show",
                 "partner.status", "partner.send", "partner.templates", "partner.template_edit", "profile.", "auth.", "health.", "static", "plugins.",
                 # the installable app's shell and offline directory (no victim's data), the API's contract
                 "offline.", "api-docs.", "api_docs_page")


def page_of(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)[:3000]
    return parse_page(response.get_data(as_text=True))


def refer(client, **overrides):
    page = page_of(client.get("/partner/refer?reference=06/123456/26"))
    values = form_values(form_posting_to(page, "/partner/refer"))
    values.update(victim_name="Alex Example", contact="07700 900456", needs="fraud_scams", consent="yes")
    values.update(overrides)
    return client.post("/partner/refer", data=values)


def test_only_a_consenting_victim_is_referred(app, signed_in):
    officer, _ = signed_in(app)
    page = page_of(refer(officer, consent="no"), status=400)
    assert "Only refer a victim who agreed to be referred" in squash(page.one("div", class_="govuk-error-summary").text)
    page = page_of(refer(officer, consent="", victim_name=""), status=400)
    summary = squash(page.one("div", class_="govuk-error-summary").text)
    assert "Say whether the victim agreed to be referred" in summary and "Enter the victim's name" in summary
    with app.extensions["mad"].session() as session:
        assert session.query(PartnerReferral).count() == 0


def test_a_partner_sees_the_referred_victim_and_records_contact(app, signed_in):
    officer, _ = signed_in(app)
    made = refer(officer)
    assert made.status_code == 302
    partner, partner_user = signed_in(app, role="partner")
    queue = page_of(partner.get("/partner/"))
    rows = queue.one("table", data_referrals=True).find_all("tr")
    assert "06/123456/26" in squash(rows[1].text) and "Waiting for the service" in squash(rows[1].text)
    referral = page_of(partner.get(made.headers["Location"]))
    assert "Alex Example" in squash(referral.text) and "07700 900456" in squash(referral.text)
    form = form_posting_to(referral, "/partner/referrals/")
    assert partner.post(form.attrs["action"], data={**form_values(form), "status": "contacted"}).status_code == 302
    shown = page_of(partner.get(made.headers["Location"]))
    assert squash(shown.one("dd", data_status=True).text) == "Victim contacted"
    assert "PC Partner Example" in squash(shown.one("ul", data_history=True).text)
    assert partner.post(form.attrs["action"], data={**form_values(form), "status": "closed"}).status_code == 400
    # the officer sees the answer; the look is audited
    officer_view = page_of(officer.get(made.headers["Location"]))
    assert squash(officer_view.one("dd", data_status=True).text) == "Victim contacted"
    with app.extensions["mad"].session() as session:
        looks = session.query(AccessRecord).filter_by(user_id=partner_user.id).count()
        assert looks == 2


def test_a_partner_never_sees_crimes_victims_or_messages_not_referred_to_them(app, signed_in):
    partner, _ = signed_in(app, role="partner")
    for url in ("/crimes/06/123456/26", "/updates/new", "/sandbox/", "/partner/refer", "/resources/manage/",
                "/sections/manage/", "/directory/manage/"):
        assert partner.get(url).status_code == 403, url


def test_every_route_a_partner_can_reach_is_one_meant_for_them(app, signed_in):
    """Meta-test: a new page that forgets its roles fails here when a partner can open it."""
    partner, _ = signed_in(app, role="partner")
    reached, checked = [], 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.startswith(PARTNER_PAGES) or rule.endpoint == "auth.sign_out":
            continue
        response = partner.get(_example_url(rule))
        checked += 1
        if response.status_code not in (401, 403, 404, 405):  # 401: the API wants a token
            reached.append((rule.rule, response.status_code))
    assert reached == [], "\n".join(f"{r} {s}" for r, s in reached)
    assert checked >= 30


#: What a partner may post to: their answers and messages, their own wording (drafts), their session.
PARTNER_POSTS = ("partner.status", "partner.send", "partner.template_edit", "auth.", "profile.", "api-docs.")


def test_every_form_a_partner_cannot_use_refuses_them(app, signed_in):
    """Meta-test over every POST route: a partner is refused (403) everywhere but their own forms."""
    partner, _ = signed_in(app, role="partner")
    token = csrf_from(partner.get("/partner/").get_data(as_text=True))
    reached, checked = [], 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint.startswith(PARTNER_POSTS):
            continue
        response = partner.post(_example_url(rule), data={"csrf_token": token})
        checked += 1
        if response.status_code not in (401, 403, 404, 405):
            reached.append((rule.rule, response.status_code))
    assert reached == [], "\n".join(f"{r} {s}" for r, s in reached)
    assert checked >= 20
