"""In headless Chromium: the victim's reply typed in the sandbox appears on the officer's home page
and in the conversation on the crime page, after the text it answers; both pages checked with axe-core.
"""

import pytest
from playwright.sync_api import expect

from core.messaging.service import prepare, queue

pytestmark = pytest.mark.browser


def texted(live_server, officer):
    request = {"crime_reference": "06/123456/26", "kind": "sms", "recipient": "07700 900123", "locale": "en",
               "template_id": "crime_reference_assigned", "fields": {"officer_name": "PC 1234 Jones"}}
    queue(live_server.mad, prepare(live_server.mad, request), officer)


def test_a_reply_typed_as_the_victim_shows_in_the_conversation_on_the_crime_page(page, live_server, officer,
                                                                               assert_accessible, tmp_path):
    user, password = officer
    texted(live_server, user)
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("navigation").get_by_role("link", name="Sandbox").click()
    page.get_by_label("From (the victim's mobile number or email address)").fill("07700 900123")
    page.get_by_label("Reply", exact=True).fill("Can you call me after 5? 🙂 شكرا")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_role("status").first).to_contain_text("The victim's reply was received")

    page.get_by_role("link", name="Making a Difference").click()
    banner = page.get_by_role("region", name="New replies from victims")
    expect(banner).to_contain_text("Crime 06/123456/26")
    assert_accessible(page, "home with a new reply")
    banner.get_by_role("link", name="Crime 06/123456/26").click()

    turns = page.locator("[data-list=conversation] > li")
    expect(turns).to_have_count(2)
    expect(turns.nth(0)).to_have_attribute("data-turn", "sent")
    expect(turns.nth(1)).to_have_attribute("data-turn", "reply")
    expect(turns.nth(1).locator("[data-reply-text]")).to_have_text("Can you call me after 5? 🙂 شكرا")
    expect(turns.nth(1)).to_contain_text("Reply from +4477009***23")
    assert_accessible(page, "crime conversation")
    page.screenshot(path=str(tmp_path / "conversation.png"), full_page=True)

    page.goto("/")
    expect(page.get_by_role("region", name="New replies from victims")).to_have_count(0)
