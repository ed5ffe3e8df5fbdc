"""Installable and resilient on an officer's phone: the manifest, the service worker, the
directory searchable with no signal (Playwright's offline mode, and the server gone), nothing of
a victim's kept on the device, and Send saying plainly that it needs a connection."""

import json
import re
import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from core.directory.demo import load_demo_services
from core.models import Message

pytestmark = pytest.mark.browser

DISTRICTS = ["Northtown", "Southmere", "Eastbrook", "Westvale", "Riverside", "Hillcrest", "Oldbridge",
             "Marshgate", "Kingsford", "Ashby"]
#: What the device may keep: the shell, the offline pages and the directory, nothing else.
ALLOWED = re.compile(r"^/(static/build/.+|offline|directory/offline|directory/offline\.json)$")


@pytest.fixture
def phone(make_mad_app, make_user, chromium_browser):
    """A live app with the demo directory; a signed-in officer's phone (390 px) that has visited it once."""
    from waitress import create_server

    app = make_mad_app(districts=DISTRICTS)
    with app.extensions["mad"].session() as session:
        load_demo_services(session, DISTRICTS)
    app.extensions["mad"].dispatcher.start()
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}"
    user, password = make_user(app, role="officer", display_name="PC 1234 Jones")
    context = chromium_browser.new_context(base_url=url, viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the worker
    yield app, page, context, server
    context.close()
    server.close()
    thread.join(timeout=5)


def cached_paths(page):
    return page.evaluate("""async () => {
        const paths = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
        }
        return paths; }""")


def test_the_toolkit_installs_from_the_browser(phone):
    _app, page, _context, _server = phone
    manifest_url = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = json.loads(page.request.get(manifest_url).text())
    assert manifest["name"] == "Testshire Police – Making a Difference" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert page.request.get(icon["src"]).ok
    assert page.evaluate("navigator.serviceWorker.controller !== null"), "the service worker does not look after the pages"


def test_the_directory_is_searchable_without_signal_and_nothing_of_a_victims_is_kept(phone, assert_accessible):
    app, page, context, server = phone
    # A day's work online: a crime page and the sandbox are seen (they must never be kept).
    page.goto("/crimes/06/123456/26")
    page.goto("/sandbox/")
    page.goto("/directory/?q=DV")
    expect(page.locator("[data-results]")).to_contain_text("Northtown Women's Refuge")
    page.wait_for_function("""async () => (await caches.keys()).length > 0 &&
        (await (await caches.open((await caches.keys())[0])).match('/directory/offline.json')) !== undefined""")
    kept = cached_paths(page)
    assert "/directory/offline.json" in kept and "/static/build/mad.css" in kept
    assert all(ALLOWED.match(path) for path in kept), [p for p in kept if not ALLOWED.match(p)]

    # No signal: the phone is offline and the server is out of reach.
    context.set_offline(True)
    server.close()
    page.goto("/directory/?q=DV")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find support")
    expect(page.locator("[data-directory-status]")).to_contain_text("services kept on this device")
    results = page.locator("[data-results]")
    expect(results).to_contain_text("Northtown Women's Refuge")
    expect(results).to_contain_text("0161 496 0001")
    page.get_by_label("Search for a need or a service").fill("homeless")
    page.get_by_role("button", name="Search").click()
    expect(results).to_contain_text("Marshgate Night Shelter")
    assert_accessible(page, "offline directory")
    page.goto("/crimes/06/123456/26")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page.locator("main")).to_contain_text("the message has not been sent")


def test_send_says_plainly_that_it_needs_a_connection(phone):
    app, page, context, _server = phone
    page.goto("/updates/new/crime_reference_assigned")
    page.get_by_label("Crime reference").fill("06/123456/26")
    page.get_by_label("Victim's mobile number or email address").fill("07700 900123")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before sending")
    context.set_offline(True)
    page.get_by_role("button", name="Send", exact=True).click()
    notice = page.locator("[data-offline-send]")
    expect(notice).to_be_focused()
    expect(notice).to_contain_text("You are offline: the message has not been sent")
    with app.extensions["mad"].session() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 0
    context.set_offline(False)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Message to victim")
