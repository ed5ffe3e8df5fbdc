"""An admin, in headless Chromium, finds a failed records write, presses "Retry now" and sees it land.

The page is checked with axe-core, and a screenshot is kept in the test's tmp_path.
"""

import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from core.models import RecordsEntry, RecordsWrite

pytestmark = pytest.mark.browser


def failed_write(live_server):
    """A chronology entry whose local audit write was given up on (as after a long outage)."""
    with live_server.mad.session() as session:
        entry = RecordsEntry(id=str(uuid.uuid4()), crime_reference="06/123456/26", entry_type="referral_made",
                             text="Referral to Northtown Victim Support.", author="PC 1234 Jones")
        session.add(entry)
        session.flush()
        session.add(RecordsWrite(entry_id=entry.id, writer="local_audit", status="failed", attempts=6,
                                 last_error="Gave up after 6 attempts: the records system answered HTTP 503"))


def test_an_admin_retries_a_failed_write_from_the_records_writes_page(page, live_server, make_user,
                                                                       assert_accessible, tmp_path):
    failed_write(live_server)
    user, password = make_user(live_server.app, role="admin", display_name="Sgt 77 Admin")
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation").get_by_role("link", name="Records writes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Records writes")
    row = page.locator("tr[data-write-id]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Gave up after 6 attempts: the records system answered HTTP 503")
    expect(row).to_contain_text("06/123456/26")
    assert_accessible(page, "records writes")
    page.screenshot(path=str(tmp_path / "records-writes.png"), full_page=True)
    row.get_by_role("button", name="Retry now").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Write \d+ will be tried again now."))
    deadline = time.monotonic() + 10
    while "Every chronology entry has been written." not in page.content() and time.monotonic() < deadline:
        time.sleep(0.25)
        page.goto("/records/writes")
    expect(page.get_by_role("main")).to_contain_text("Every chronology entry has been written.")
