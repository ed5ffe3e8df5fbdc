"""An officer notifies schools on a phone-sized screen (390 px wide), in a real browser: axe-clean.

The app runs with the Operation Encompass plugin and the fictional demo schools, served by
waitress with the dispatcher running (email goes to the sandbox).
"""

import re
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.referrals.factories import with_demo_schools

pytestmark = pytest.mark.browser

REFERENCE = "06/123456/26"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def encompass_server(make_mad_app, make_user):
    from waitress import create_server

    app = with_demo_schools(make_mad_app(enabled=["referral_encompass"]))
    app.extensions["mad"].dispatcher.start()
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="mad-waitress-encompass", daemon=True)
    thread.start()
    user = make_user(app, role="officer", display_name="PC 1234 Jones")
    yield f"http://127.0.0.1:{server.effective_port}", user
    server.close()
    thread.join(timeout=5)


@pytest.fixture
def phone(chromium_browser, encompass_server):
    url, _user = encompass_server
    context = chromium_browser.new_context(base_url=url, locale="en-GB", viewport=PHONE, is_mobile=True,
                                           has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_notify_two_schools_on_a_phone(phone, encompass_server, assert_accessible):
    _url, (user, password) = encompass_server
    phone.goto("/sign-in")
    phone.get_by_label("Email address").fill(user.email)
    phone.get_by_label("Password").fill(password)
    phone.get_by_role("button", name="Sign in").click()
    phone.goto(f"/crimes/{REFERENCE}")
    phone.get_by_role("link", name="Notify schools (Operation Encompass)").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Notify schools (Operation Encompass)")
    assert_accessible(phone, "encompass form")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    now = datetime.now(ZoneInfo("Europe/London")) - timedelta(minutes=5)
    phone.get_by_label("Date of the incident").fill(now.strftime("%d/%m/%Y"))
    phone.get_by_label("Time of the incident").fill(now.strftime("%H:%M"))
    phone.get_by_label("Location").fill("12 Example Road, Ashby")
    phone.get_by_label("District").select_option("Northtown")
    phone.get_by_label("Brief circumstances").fill("Argument between the parents; one arrested.")
    child = phone.locator("#child-0")
    child.get_by_label("Full name").fill("Amira Example")
    child.get_by_label("Date of birth").fill("14/05/2017")
    child.get_by_label("School", exact=True).fill("Ashby Primary School")
    child.get_by_label("Yes, elsewhere in the home").check()

    phone.get_by_role("button", name="Add another child").click()
    second = phone.locator("#child-1")
    second.get_by_label("Full name").fill("Cara Example")
    second.get_by_label("Date of birth").fill("1/1/2000")  # a typo in the year: 26 years old
    second.get_by_label("School", exact=True).fill("Southmere High")
    second.get_by_label("Yes, in the room").check()
    phone.get_by_label("Yes, with no other adult present").check()
    phone.get_by_label("What they said, in their own words").fill("I was scared when they shouted.")
    phone.get_by_role("button", name="Send to the schools").click()

    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Child 2: date of birth")
    assert_accessible(phone, "encompass form with errors")
    expect(summary.get_by_role("link", name=re.compile("Child 2: date of birth"))).to_have_attribute(
        "href", "#children-1-date_of_birth")
    expect(phone.locator("#children-1-name")).to_have_value("Cara Example")  # what was typed is kept
    phone.locator("#children-1-date_of_birth").fill("1/1/2012")
    phone.get_by_role("button", name="Send to the schools").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Notify schools (Operation Encompass)")
    expect(phone.get_by_role("table")).to_contain_text("Ashby Primary School")
    expect(phone.get_by_role("table")).to_contain_text("Southmere High School")
    assert_accessible(phone, "referral")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
