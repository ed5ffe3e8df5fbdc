"""An officer updates a victim in Welsh by text message, in a real browser against a real server.

Every page on the way is checked with axe-core: nothing serious or critical is allowed.
"""

import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REFERENCE = "06/123456/26"
WELSH_TEXT = "cyfeirnod eich trosedd yw 06/123456/26"
ENGLISH_TEXT = "your crime reference is 06/123456/26"


def reload_until(page, condition, timeout=10.0, interval=0.25):
    """Reload ``page`` until ``condition()`` is true (for pages that do not refresh themselves)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
        page.reload()
    return True


def sign_in(page, officer, assert_accessible):
    """Open the home page, get sent to sign in, sign in through the form."""
    user, password = officer
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page, "sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {user.display_name}")


def open_compose(page, assert_accessible):
    """From the home page: Update a victim → Crime reference assigned."""
    page.get_by_role("main").get_by_role("link", name="Update a victim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update a victim")
    assert_accessible(page, "choose")
    page.get_by_role("link", name=re.compile(r"^Crime reference assigned")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Crime reference assigned")
    assert_accessible(page, "compose")


def fill_compose(page, recipient, officer_name):
    page.get_by_label("Crime reference", exact=True).fill(REFERENCE)
    page.get_by_label("Text message (SMS)").check()
    page.get_by_label("Victim's mobile number or email address").fill(recipient)
    page.get_by_label("Victim's language").select_option(label="Cymraeg (Welsh)")
    page.get_by_label("Officer's name").fill(officer_name)
    page.get_by_role("button", name="Preview").click()


def test_officer_sends_welsh_sms_and_it_is_captured_and_recorded(page, officer, live_server, assert_accessible):
    sign_in(page, officer, assert_accessible)
    open_compose(page, assert_accessible)
    fill_compose(page, recipient="07700 900123", officer_name="PC 1234 Jones")

    # Preview: the Welsh text the victim gets, its English meaning, and what the SMS costs.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before sending")
    victim = page.locator("[data-preview=victim]")
    expect(victim).to_have_attribute("lang", "cy")
    expect(victim).to_contain_text(WELSH_TEXT)
    expect(victim).to_contain_text("PC 1234 Jones")
    english = page.locator("[data-preview=english]")
    expect(english).to_have_attribute("lang", "en")
    expect(english).to_contain_text(ENGLISH_TEXT)
    sms_info = page.locator("[data-sms-info]")
    expect(sms_info).to_contain_text("GSM-7")
    expect(sms_info).to_contain_text(re.compile(r"(^|\D)1 text message\(s\)"))
    assert_accessible(page, "preview")

    page.get_by_role("button", name="Send", exact=True).click()

    # Status: the dispatcher sends it in the background; the page refreshes itself until then.
    expect(page).to_have_url(re.compile(r"/updates/[^/]+$"))
    panel = page.locator("[data-message-status]")
    expect(panel).to_have_attribute("data-message-status", "sent", timeout=15_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Message to victim: Sent")
    expect(page).to_have_title(re.compile(r"^Message status – "))
    assert_accessible(page, "status")

    # Sandbox: exactly what the victim would have received, in Welsh, to their E.164 number.
    page.goto("/sandbox/")
    capture = page.locator(".capture").filter(has=page.locator("[data-recipient]", has_text="+447700900123"))
    expect(capture).to_have_count(1)
    expect(capture.locator(".capture__message")).to_have_attribute("lang", "cy")
    expect(capture.locator(".capture__body")).to_contain_text(WELSH_TEXT)
    assert_accessible(page, "sandbox")

    # The crime's page: the message, and the local audit writer's entry, written.
    page.goto(f"/crimes/{REFERENCE}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Crime {REFERENCE}")
    messages = page.locator("[data-table=messages]")
    expect(messages.get_by_role("link", name="Crime reference assigned")).to_be_visible()
    expect(messages).to_contain_text("Sent")
    entries = page.locator("[data-list=entries]")
    expect(entries).to_contain_text(WELSH_TEXT)
    expect(entries.get_by_role("heading", name="Text message sent to the victim in Welsh")).to_be_visible()
    local_audit = entries.locator("[data-writes] li[data-writer=local_audit]")
    # The records writers run in the background: look again until the local audit has written it.
    assert reload_until(page, lambda: "Written to" in local_audit.text_content()), local_audit.text_content()
    expect(local_audit).to_have_text("Written to Local audit log")
    assert_accessible(page, "crime")


def test_missing_officer_name_and_landline_show_a_reachable_error_summary(page, officer, live_server,
                                                                          assert_accessible):
    sign_in(page, officer, assert_accessible)
    open_compose(page, assert_accessible)
    fill_compose(page, recipient="0161 496 0123", officer_name="")

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    recipient_link = summary.get_by_role("link", name=re.compile("not a mobile number"))
    officer_link = summary.get_by_role("link", name="Enter the officer's name")
    expect(recipient_link).to_have_attribute("href", "#recipient")
    expect(officer_link).to_have_attribute("href", "#fields-officer_name")
    # Each link's target is the field itself, and the field's own error is read out with it.
    expect(page.get_by_label("Victim's mobile number or email address")).to_have_attribute("id", "recipient")
    expect(page.get_by_label("Officer's name")).to_have_attribute("id", "fields-officer_name")
    expect(page.locator("#recipient")).to_have_attribute("aria-describedby", re.compile(r"\brecipient-error\b"))
    expect(page.locator("#fields-officer_name")).to_have_attribute(
        "aria-describedby", re.compile(r"\bfields-officer_name-error\b"))
    # What was typed is kept.
    expect(page.locator("#recipient")).to_have_value("0161 496 0123")
    assert_accessible(page, "compose with errors")

    # The summary takes the focus when the page loads, so a screen reader reads the problems first.
    expect(summary).to_be_focused()
    # Keyboard only: Tab from the summary reaches its links, and following one puts the focus in
    # the field it names (the fields are the links' targets).
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('[data-error-summary]')"):
            break
    else:
        pytest.fail("the error summary cannot be reached with the Tab key")
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.first).to_be_focused()
    page.keyboard.press("Tab")
    expect(links.last).to_be_focused()
    target = links.last.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page.locator(target)).to_be_focused()
    # GOV.UK Frontend's summary scrolls the field's label into view with it
    expect(page.get_by_text("Officer's name", exact=True)).to_be_in_viewport()
