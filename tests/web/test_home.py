"""Each role's home page is useful: officers start an update, supervisors see the team and the
records writes, VSCs the directory's queue and translations, analysts the figures (counts only)."""

import pytest

from core.directory.demo import load_demo_services
from tests.features.pages import parse_page, squash
from tests.helpers import SMS_UPDATE, preview_and_send

DISTRICTS = ["Northtown", "Southmere", "Eastbrook", "Westvale", "Riverside", "Hillcrest", "Oldbridge",
             "Marshgate", "Kingsford", "Ashby"]


@pytest.fixture
def busy_app(make_mad_app, signed_in):
    """An app with the demo directory where an officer has sent two texts, one in Arabic."""
    app = make_mad_app(districts=DISTRICTS, locales=["en", "cy", "ar", "ur"])
    mad = app.extensions["mad"]
    with mad.session() as session:
        load_demo_services(session, DISTRICTS)
    officer, _ = signed_in(app)
    assert preview_and_send(officer, "crime_reference_assigned", SMS_UPDATE).status_code == 302
    assert preview_and_send(officer, "crime_reference_assigned", {**SMS_UPDATE, "locale": "ar"}).status_code == 302
    mad.dispatcher.drain()
    return app


def home(app, signed_in, role):
    client, user = signed_in(app, role=role)
    return parse_page(client.get("/").get_data(as_text=True)), user


def panels(page):
    return [section.attrs["data-panel"] for section in page.find_all("section", data_panel=True)]


def test_an_officer_starts_an_update_and_sees_their_own_messages(busy_app, signed_in):
    page, _ = home(busy_app, signed_in, "officer")
    assert page.one("a", class_="govuk-button--start").text == "Update a victim"
    assert panels(page) == ["recent"] and "You have not sent any messages yet." in page.text


def test_a_supervisor_sees_the_team_and_the_records_writes(busy_app, signed_in):
    page, _ = home(busy_app, signed_in, "supervisor")
    assert panels(page) == ["records", "team", "recent"]
    team = page.one("section", data_panel="team")
    rows = team.one("tbody").find_all("tr")
    assert len(rows) == 2 and all("PC 1234" in squash(r.text) or "Officer" in squash(r.text) for r in rows)
    assert "Sent" in team.text and "07700" not in page.text  # statuses in words; no victim's number
    assert "Every chronology entry has been written." in page.one("section", data_panel="records").text


def test_a_vsc_sees_the_directory_queue_and_translations_to_check(busy_app, signed_in):
    page, _ = home(busy_app, signed_in, "vsc")
    assert panels(page) == ["directory", "translations"]
    assert page.find("a", class_="govuk-button--start") is None
    translations = page.one("section", data_panel="translations").text
    assert "Arabic:" in translations and "Urdu:" in translations and "not yet checked by a native speaker" in translations
    assert "06/123456/26" not in page.text  # no crimes on a VSC's page


def test_an_analyst_sees_todays_figures_and_no_victims_details(busy_app, signed_in):
    page, _ = home(busy_app, signed_in, "analyst")
    assert panels(page) == ["figures"]
    figures = page.one("section", data_panel="figures")
    numbers = {squash(f.one("p", class_="mad-figure__words").text): f.one("p", class_="mad-figure__number").text
               for f in figures.find_all("div", class_="mad-figure")}
    assert numbers["messages to victims today"] == "2" and numbers["chronology entries written"] == "2"
    tables = {t.attrs["aria-label"]: [[c.text for c in r.find_all("td")] for r in t.one("tbody").find_all("tr")]
              for t in figures.find_all("div", class_="mad-table-wrap")}
    assert tables["Messages in the last 7 days by status"] == [["Sent", "2"]]
    assert sorted(tables["By the victim's language"]) == [["Arabic", "1"], ["English", "1"]]
    assert tables["By message"] == [["Crime reference assigned", "2"]]
    assert "06/123456/26" not in page.text and "07700" not in page.text
