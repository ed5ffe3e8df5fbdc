"""An officer finds support, sends it to a victim by email in one press, and the sandbox shows the
email with the service's leaflet attached — in headless Chromium against a real server.

Every page on the way is checked with axe-core: nothing serious or critical is allowed.
"""

import re

import pytest
from playwright.sync_api import expect

from core.directory.demo import load_demo_services
from tests.browser.test_officer_flow import reload_until, sign_in

pytestmark = pytest.mark.browser

SERVICE = "Safe Homes Domestic Abuse Service"
LEAFLET = "safe-homes-domestic-abuse-service.pdf"


@pytest.fixture
def directory(live_server):
    with live_server.mad.session() as session:
        load_demo_services(session)  # the test force has two districts; the demo's others stay as written


def test_search_send_to_victim_and_the_sandbox_shows_the_leaflet(page, live_server, officer, directory,
                                                                 assert_accessible):
    sign_in(page, officer, assert_accessible)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find support")
    assert_accessible(page, "find support")

    page.get_by_label("Search for a need or a service").fill("DV")
    page.get_by_label("Where the victim lives").select_option("Northtown")
    page.get_by_role("button", name="Search").click()
    results = page.locator("[data-results]")
    expect(results.get_by_role("link", name=SERVICE)).to_be_visible()
    assert_accessible(page, "search results")

    results.get_by_role("link", name=SERVICE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE)
    expect(page.locator("[data-leaflets]")).to_contain_text(LEAFLET)
    assert_accessible(page, "service")
    page.get_by_role("link", name="Send to victim").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Signpost to a support service")
    # the service's details come from the directory, shown read-only (no box to change them)
    expect(page.locator("[data-directory-fields]")).to_contain_text(SERVICE)
    expect(page.get_by_label("Service", exact=True)).to_have_count(0)
    page.get_by_label("Crime reference", exact=True).fill("06/123456/26")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Victim's mobile number or email address").fill("sam.victim@example.org")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before sending")
    expect(page.locator("[data-attachments]")).to_have_text(f"Attached: {LEAFLET}")
    assert_accessible(page, "preview")
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(r"/updates/[0-9a-f-]{36}$"))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sandbox").click()
    assert reload_until(page, lambda: page.locator("[data-attachments]").count() > 0)
    expect(page.locator("[data-attachments]").first).to_contain_text(LEAFLET)
    expect(page.get_by_role("main")).to_contain_text(f"support from {SERVICE}")
    assert_accessible(page, "sandbox")
    with page.expect_download() as download:
        page.locator("[data-attachments]").first.get_by_role("link", name=LEAFLET).click()
    assert open(download.value.path(), "rb").read().startswith(b"%PDF-1.4")
