"""An analyst, in headless Chromium, filters a team and a quarter, reads the MoJ measures and drills down.

Each dashboard is checked with axe-core; a screenshot of the dashboard is kept in the test's tmp_path.
"""

import pytest
from playwright.sync_api import expect

from tests.compliance.conftest import add_officer, add_victim
from core.victims.labels import Duties

pytestmark = pytest.mark.browser


def seed(live_server):
    with live_server.mad.session() as session:
        north = add_officer(session, "pc.north@example.org", "PC 1 North", "Response North", "Northtown")
        south = add_officer(session, "pc.south@example.org", "PC 2 South", "Response South", "Southtown")
        add_victim(session, 1, north)
        add_victim(session, 2, north, late=(Duties.REFERRAL,))
        add_victim(session, 4, south, done=())


def test_an_analyst_filters_a_team_and_a_quarter_and_drills_into_late_referrals(page, live_server, make_user,
                                                                             assert_accessible, tmp_path):
    seed(live_server)
    user, password = make_user(live_server.app, role="analyst", display_name="Demo Analyst")
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation").get_by_role("link", name="Compliance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Victims' Code compliance")
    page.get_by_label("From (YYYY-MM-DD)").fill("2026-04-01")
    page.get_by_label("To (YYYY-MM-DD)").fill("2026-06-30")
    page.get_by_label("Team").select_option("Response North")
    page.get_by_role("button", name="Show figures").click()
    assert "from=2026-04-01" in page.url and "team=Response+North" in page.url
    referral = page.locator("tr[data-measure='referral']")
    expect(referral).to_contain_text("Referred to support services")
    expect(referral.locator("td").nth(0)).to_have_text("2")
    assert_accessible(page, "compliance dashboard")
    page.screenshot(path=str(tmp_path / "compliance.png"), full_page=True)
    referral.get_by_role("link", name="crimes behind this figure").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Not met and unexplained")
    expect(page.locator("table[data-table='drill-down']")).to_contain_text("06/100002/26")
    expect(page.locator("table[data-table='drill-down']")).not_to_contain_text("06/100004/26")
    assert_accessible(page, "compliance drill-down")
    page.goto("/compliance/usage?from=2026-04-01&to=2026-06-30")
    expect(page.get_by_role("heading", level=1)).to_have_text("What is sent and signposted")
    assert_accessible(page, "usage")
