"""An officer reports a service out of date; a VSC corrects it — in headless Chromium, every page
checked with axe-core (the coordinator's pages included)."""

import re

import pytest
from playwright.sync_api import expect

from core.directory.demo import load_demo_services
from tests.browser.test_officer_flow import sign_in

pytestmark = pytest.mark.browser
SERVICE = "Warm Homes Fund"


def test_report_out_of_date_then_a_vsc_corrects_it(page, chromium_browser, live_server, officer, make_user,
                                                   assert_accessible):
    with live_server.mad.session() as session:
        load_demo_services(session)
    sign_in(page, officer, assert_accessible)
    page.goto("/directory/?q=warm+homes")
    page.locator("[data-results]").get_by_role("link", name=SERVICE).click()
    page.get_by_role("button", name="Report out of date").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what is out of date")
    assert_accessible(page, "report error")
    page.get_by_label("What is wrong or out of date?").fill("The number rings a fax machine")
    page.get_by_role("button", name="Report out of date").click()
    expect(page.get_by_role("alert")).to_contain_text("your report has gone")

    user, password = make_user(live_server.app, role="vsc", display_name="Sam Coordinator")
    context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB")
    vsc = context.new_page()
    try:
        vsc.goto("/sign-in")
        vsc.get_by_label("Email address").fill(user.email)
        vsc.get_by_label("Password").fill(password)
        vsc.get_by_role("button", name="Sign in").click()
        vsc.goto("/directory/manage/")
        expect(vsc.locator("[data-reports]")).to_contain_text("The number rings a fax machine")
        assert_accessible(vsc, "vsc queue")
        vsc.locator("[data-reports]").get_by_role("link", name=f"Edit {SERVICE}").click()
        assert_accessible(vsc, "vsc edit")
        vsc.get_by_label("Phone (needed to send it to a victim)").fill("0161 496 0999")
        vsc.get_by_role("button", name="Save").click()
        expect(vsc.get_by_role("heading", level=1)).to_have_text(SERVICE)
    finally:
        context.close()

    page.reload()
    expect(page.locator("dl.summary")).to_contain_text("0161 496 0999")
    expect(page).to_have_url(re.compile(r"/directory/services/database/"))
