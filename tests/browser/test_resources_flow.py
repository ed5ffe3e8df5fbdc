"""Resources, sections and the victims' service in headless Chromium, every page checked with axe-core:
an officer finds the burglary leaflet and sends it; a VSC prepares and previews a section; the
victims' service opens the referral made to it, records contact, writes its own message, which a
VSC approves, and sends it in its own name."""

import re
import pytest
from playwright.sync_api import expect

from core.resources.demo import load_demo_resources
from tests.browser.test_officer_flow import sign_in

pytestmark = pytest.mark.browser


def second_user(chromium_browser, live_server, make_user, role, name):
    user, password = make_user(live_server.app, role=role, display_name=name)
    context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    other = context.new_page()
    other.goto("/sign-in")
    other.get_by_label("Email address").fill(user.email)
    other.get_by_label("Password").fill(password)
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_role("heading", level=1)).to_have_text(f"Hello, {name}")
    return context, other


def test_resources_sections_and_the_victims_service(page, chromium_browser, live_server, officer, make_user,
                                                    assert_accessible):
    with live_server.mad.session() as session:
        load_demo_resources(session, ["en", "cy"])
    sign_in(page, officer, assert_accessible)
    page.goto("/resources/")
    page.get_by_label("Crime type").select_option("burglary")
    page.get_by_role("button", name="Find resources").click()
    assert_accessible(page, "resources")
    page.get_by_role("link", name=re.compile(r"^Send to victim ?: Keeping your home safe after a burglary$")).click()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    assert_accessible(page, "resource send error")
    page.get_by_label("Crime reference").fill("06/123456/26")
    page.get_by_label("Victim's mobile number or email address").fill("sam.victim@example.org")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Message to victim")

    page.goto("/partner/refer?reference=06/123456/26")
    assert_accessible(page, "refer to the victims' service")
    page.get_by_label("Victim's name").fill("Alex Example")
    page.get_by_label("How the service can reach them").fill("07700 900456")
    page.get_by_label("Yes, they agreed to be referred").check()
    page.get_by_role("button", name="Refer").click()
    expect(page.locator("[data-status]")).to_have_text("Waiting for the service")

    context, vsc = second_user(chromium_browser, live_server, make_user, "vsc", "Sam Coordinator")
    try:
        vsc.goto("/resources/manage/")
        assert_accessible(vsc, "manage resources")
        vsc.get_by_role("link", name="Add a resource").click()
        vsc.get_by_role("button", name="Save").click()
        expect(vsc.locator(".govuk-error-summary")).to_contain_text("Enter a title")
        assert_accessible(vsc, "resource edit error")
        vsc.goto("/sections/manage/new")
        vsc.get_by_label("Title").fill("Right Care Right Person")
        vsc.get_by_label("Guidance for officers").fill("Welfare calls go to partners from Monday.")
        vsc.get_by_label("Your rights under the Victims' Code").check()
        vsc.get_by_role("button", name="Save").click()
        expect(vsc.locator("[data-state]")).to_contain_text("Draft")
        assert_accessible(vsc, "section edit")
        vsc.get_by_role("link", name="Preview as officers will see it").click()
        expect(vsc.locator("[data-preview]")).to_be_visible()
        assert_accessible(vsc, "section preview")
        vsc.goto("/sections/manage/")
        assert_accessible(vsc, "sections")
    finally:
        context.close()

    context, partner = second_user(chromium_browser, live_server, make_user, "partner", "Vic Service")
    try:
        partner.goto("/partner/")
        assert_accessible(partner, "partner queue")
        partner.get_by_role("link", name="06/123456/26").click()
        partner.get_by_label("Victim contacted").check()
        partner.get_by_role("button", name="Record").click()
        expect(partner.locator("[data-status]")).to_have_text("Victim contacted")
        assert_accessible(partner, "partner referral")
        referral_url = partner.url
        # the service's own wording: drafted by its staff, approved by a VSC, then sent in its name
        partner.get_by_role("link", name="The service's messages").first.click()
        assert_accessible(partner, "partner messages")
        partner.get_by_role("link", name="Write a new message").click()
        partner.get_by_role("button", name="Save as a draft").click()
        expect(partner.locator(".govuk-error-summary")).to_contain_text("Enter a title")
        assert_accessible(partner, "partner message error")
        partner.get_by_label("Title (for your staff)").fill("We will call you")
        partner.get_by_label("Text message").fill("We have your referral and will call you within two working days.")
        partner.get_by_role("button", name="Save as a draft").click()
        expect(partner.locator("[data-state]")).to_contain_text("Draft")
        assert_accessible(partner, "partner message draft")
        template_url = partner.url
        vsc_context, vsc = second_user(chromium_browser, live_server, make_user, "vsc", "Pat Coordinator")
        try:
            vsc.goto(template_url)
            vsc.get_by_role("button", name="Approve").click()
            expect(vsc.locator("[data-state]")).to_have_text("Approved")
            assert_accessible(vsc, "partner message approved")
        finally:
            vsc_context.close()
        partner.goto(referral_url)
        partner.get_by_label("Text message (SMS)").check()
        partner.get_by_role("button", name="Send in your service's name").click()
        expect(partner.locator("[data-sends]")).to_contain_text("We have your referral")
        assert_accessible(partner, "partner referral with a message sent")
    finally:
        context.close()
