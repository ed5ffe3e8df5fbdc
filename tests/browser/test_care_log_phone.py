"""An officer records a victim and fills the care log on a phone-sized screen, axe-clean at every step."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(chromium_browser, live_server):
    context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE,
                                           is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def fits_the_screen(page):
    """Nothing makes the officer scroll sideways."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_care_log_at_first_contact_on_a_phone(phone, live_server, officer, assert_accessible):
    user, password = officer
    page = phone
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    assert_accessible(page, "home with my victims")

    page.goto("/crimes/06/123456/26")
    page.get_by_role("link", name="Record a victim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a victim")
    assert_accessible(page, "record a victim")
    assert fits_the_screen(page)
    page.get_by_label("Full name").fill("Jo Bloggs")
    page.get_by_label("Mobile number (optional)").fill("07700 900123")
    page.get_by_label("Crime type").select_option(label="Volume crime")
    page.get_by_role("button", name="Save and start the care log").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Care log for Jo Bloggs")
    assert_accessible(page, "care log")
    assert fits_the_screen(page)
    box = page.get_by_role("group", name="Victim Personal Statement offered")
    box.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save the care log").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Victim Personal Statement offered: you answered no, so give the reason")
    assert_accessible(page, "care log with an error")
    summary.get_by_role("link").first.click()
    expect(page.locator("#vps_offered_rationale")).to_be_focused()
    page.locator("#vps_offered_rationale").fill("Victim wants to think about it")
    written = page.get_by_role("group", name="Written confirmation of the crime (leaflet) given")
    written.get_by_label("Yes", exact=True).check()
    page.get_by_label("Format", exact=True).select_option(label="Paper leaflet")
    page.get_by_role("button", name="Save the care log").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Jo Bloggs")
    expect(page.locator("[data-list=care-log]")).to_contain_text("Reason: Victim wants to think about it")
    assert_accessible(page, "victim")
    assert re.search(r"/victims/[0-9a-f-]{36}", page.url)


def test_a_supervisor_records_a_ring_back_on_a_phone(phone, live_server, make_user, assert_accessible):
    from datetime import date, timedelta

    from core.victims.service import record_victim

    supervisor, password = make_user(live_server.app, role="supervisor", display_name="Sgt 5678 Green")
    record_victim(live_server.mad, {"crime_reference": "06/123456/26", "name": "Jo Bloggs", "phone": "07700 900123",
                                    "locale": "en", "crime_type": "hate", "oic_name": "PC 1234 Jones"}, None,
                  today=date.today() - timedelta(days=7))
    page = phone
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(supervisor.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/ring-backs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Seven-day ring-backs")
    assert_accessible(page, "ring-backs")
    page.get_by_role("link", name="Jo Bloggs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ring-back to Jo Bloggs")
    assert_accessible(page, "ring-back")
    assert fits_the_screen(page)
    page.get_by_label("Victim satisfied").check()
    page.get_by_label("Notes (optional)").fill("Happy with the cohesion officer's visit")
    page.get_by_role("button", name="Record the ring-back").click()
    row = page.locator("tr", has_text="Jo Bloggs")
    expect(row).to_contain_text("Done")
    expect(row).to_contain_text("Cohesion officers")
