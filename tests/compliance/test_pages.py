"""The dashboards as analysts, supervisors and officers use them: scope by role, filters, drill-down audit, CSV."""

from sqlalchemy import select

from core.models.access_audit import AccessRecord
from core.people import add_user
from core.testing import sign_in

JUNE = "from=2026-06-01&to=2026-06-30"


def client_for(app, role, team=None):
    mad = app.extensions["mad"]
    with mad.session() as session:
        add_user(session, email=f"{role}-{team or 'none'}@example.org".replace(" ", "-").lower(),
                 display_name=f"{role} example", role=role, password="correct horse battery staple", team=team)
    client = app.test_client()
    assert sign_in(client, f"{role}-{team or 'none'}@example.org".replace(" ", "-").lower(),
                   "correct horse battery staple").status_code == 302
    return client


def test_an_analyst_sees_every_team_and_the_moj_measures(app, seeded):
    page = client_for(app, "analyst").get(f"/compliance/?{JUNE}").get_data(as_text=True)
    assert "Ministry of Justice quarterly measures" in page
    assert "Response North" in page and "Response South" in page
    assert "4 victims" in page
    assert 'src="/compliance/chart/trend.svg?from=2026-06-01&amp;to=2026-06-30"' in page


def test_a_supervisor_sees_only_their_team_whatever_the_url_asks(app, seeded):
    page = client_for(app, "supervisor", team="Response South").get(
        f"/compliance/?{JUNE}&team=Response+North").get_data(as_text=True)
    assert "1 victim</p>" in page and "Response North" not in page


def test_officers_and_vscs_may_not_open_the_dashboard_but_officers_see_their_own_figures(app, seeded):
    officer = client_for(app, "officer")
    assert officer.get("/compliance/").status_code == 403
    assert client_for(app, "vsc").get("/compliance/drill-down?right=right_4&status=met").status_code == 403
    home = officer.get("/").get_data(as_text=True)
    assert "rights this month" in home and "You have recorded no victims this month." in home


def test_drill_down_lists_crimes_and_officers_never_contact_details_and_is_audited(app, mad, seeded):
    client = client_for(app, "analyst")
    page = client.get(f"/compliance/drill-down?right=right_4&status=unexplained&{JUNE}").get_data(as_text=True)
    assert "06/100002/26" in page and "PC 1 North" in page and "06/100004/26" in page
    assert "06/100001/26" not in page
    assert "07700" not in page and "Jo Bloggs" not in page
    with mad.session() as session:
        audited = session.scalars(select(AccessRecord.crime_reference).where(
            AccessRecord.what == "compliance drill-down")).all()
    assert sorted(audited) == ["06/100002/26", "06/100004/26"]


def test_the_csv_download_and_the_charts_are_served(app, seeded):
    client = client_for(app, "analyst")
    csv = client.get(f"/compliance/moj.csv?{JUNE}")
    assert csv.mimetype == "text/csv" and csv.get_data(as_text=True).startswith("period_start,period_end,team,")
    chart = client.get(f"/compliance/chart/team-right_4.svg?{JUNE}")
    assert chart.mimetype == "image/svg+xml" and "Response North" in chart.get_data(as_text=True)
    assert client.get("/compliance/chart/nothing.svg").status_code == 404


def test_a_wrong_date_is_explained_and_this_quarter_shown(app, seeded):
    page = client_for(app, "analyst").get("/compliance/?from=1%2F6%2F2026").get_data(as_text=True)
    assert "There is a problem" in page and "Enter the date as YYYY-MM-DD." in page


def test_usage_page_shows_the_tables_behind_the_chart(app, messages):
    page = client_for(app, "analyst").get(f"/compliance/usage?{JUNE}").get_data(as_text=True)
    assert "Messages by template" in page and "crime_reference_assigned" in page
    assert "Number not in service" in page and "Northtown Victim Support" in page
