"""The resources library and sections pages, through the real forms with their CSRF tokens: a VSC
adds a burglary leaflet in English and Polish, an officer finds and sends it in Polish, a VSC
prepares, previews, schedules and retires a section."""

import pytest

from core.models import Message, ResourceSend
from tests.features.pages import form_posting_to, form_values, parse_page, squash

LOCALES = ["en", "cy", "pl"]


@pytest.fixture
def app3(make_mad_app):
    return make_mad_app(locales=LOCALES)


def page_of(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)[:3000]
    return parse_page(response.get_data(as_text=True))


def add_burglary_leaflet(client, **overrides):
    page = page_of(client.get("/resources/manage/new"))
    values = form_values(form_posting_to(page, "/resources/manage/new"))
    values.update({"title": "Burglary prevention", "kind": "prevention", "crime_types": "burglary",
                   "summary__en": "Lock doors and windows.", "body__en": "Lock doors and windows, even when in.",
                   "summary__pl": "Zamykaj drzwi i okna.", "body__pl": "Zamykaj drzwi i okna, nawet w domu.",
                   "links": "https://www.example.org/burglary"})
    values.update(overrides)
    return client.post("/resources/manage/new", data=values)


def test_a_vsc_is_told_what_to_put_right(app3, signed_in):
    client, _ = signed_in(app3, role="vsc")
    page = page_of(add_burglary_leaflet(client, summary__en="", body__pl="", links="ftp://x"), status=400)
    summary = squash(page.one("div", class_="govuk-error-summary").text)
    assert "Write a summary for a text message" in summary
    assert "Write the fuller text sent by email" in summary  # the Polish half written
    assert "Enter each link as a web address starting https://" in summary
    assert page.one("textarea", id="summary__pl").raw_text == "Zamykaj drzwi i okna."  # nothing typed is lost


def test_a_vsc_adds_a_leaflet_and_an_officer_sends_it_in_polish(app3, signed_in):
    vsc, _ = signed_in(app3, role="vsc")
    saved = add_burglary_leaflet(vsc)
    assert saved.status_code == 302
    edit_page = page_of(vsc.get(saved.headers["Location"]))
    assert "created" in squash(edit_page.one("ul", data_history=True).text)
    officer, _ = signed_in(app3, role="officer")
    found = page_of(officer.get("/resources/?crime_type=burglary"))
    assert "Burglary prevention" in squash(found.one("ul", data_results=True).text)
    assert "Burglary prevention" not in squash(page_of(officer.get("/resources/?crime_type=fraud")).text)
    send_page = page_of(officer.get(found.one("a", data_send_resource=True).attrs["href"]))
    assert "Written in: English, Polish." in squash(send_page.one("p", id="locale-hint").text)  # names, not codes
    values = form_values(form_posting_to(send_page, "/resources/"))
    values.update(crime_reference="06/123456/26", kind="sms", recipient="07700 900321", locale="pl")
    action = form_posting_to(send_page, "/resources/").attrs["action"]
    sent = officer.post(action, data=values)
    assert sent.status_code == 302 and "/updates/" in sent.headers["Location"]
    assert officer.post(action, data=values).status_code == 302  # a second press sends nothing more
    mad = app3.extensions["mad"]
    with mad.session() as session:
        message = session.query(Message).one()
        assert message.locale == "pl" and message.body.startswith("Zamykaj drzwi i okna.")
        assert session.query(ResourceSend).count() == 1
    resource_id = saved.headers["Location"].rstrip("/").rsplit("/", 1)[1]
    manage = page_of(vsc.get("/resources/manage/"))
    assert squash(manage.one("td", data_sent=resource_id).text) == "1"  # usage counted for the VSC


def test_a_bad_send_is_explained(app3, signed_in):
    vsc, _ = signed_in(app3, role="vsc")
    location = add_burglary_leaflet(vsc).headers["Location"]
    resource_id = location.rstrip("/").rsplit("/", 1)[1]
    officer, _ = signed_in(app3)
    page = page_of(officer.get(f"/resources/{resource_id}/send"))
    values = form_values(form_posting_to(page, "/resources/"))
    values.update(crime_reference="nonsense", recipient="")
    error_page = page_of(officer.post(f"/resources/{resource_id}/send", data=values), status=400)
    assert len(error_page.one("div", class_="govuk-error-summary").find_all("li")) == 2
    assert officer.get("/resources/manage/").status_code == 403


def test_a_vsc_prepares_previews_schedules_and_retires_a_section(app3, signed_in):
    vsc, _ = signed_in(app3, role="vsc")
    new = page_of(vsc.get("/sections/manage/new"))
    values = form_values(form_posting_to(new, "/sections/manage/new"))
    values.update(title="Right Care Right Person", guidance="Welfare calls go to partners from Monday.",
                  template_ids="signposting")
    saved = vsc.post("/sections/manage/new", data=values)
    assert saved.status_code == 302
    edit = page_of(vsc.get(saved.headers["Location"]))
    assert "Draft" in squash(edit.one("p", data_state=True).text)
    officer, _ = signed_in(app3)
    assert "Right Care Right Person" not in squash(page_of(officer.get("/sections/")).text)
    preview_link = next(a for a in edit.find_all("a") if "/preview" in a.attrs.get("href", ""))
    preview = page_of(vsc.get(preview_link.attrs["href"]))
    assert "Welfare calls go to partners from Monday." in squash(preview.text)
    schedule = form_posting_to(edit, "/sections/manage/")
    schedule_action = [f for f in edit.find_all("form") if f.attrs["action"].endswith("/schedule")][0].attrs["action"]
    bad = vsc.post(schedule_action, data={**form_values(schedule), "when": "date", "live_on": "next monday"})
    assert "Enter the go-live date as YYYY-MM-DD" in squash(page_of(bad, status=400).text)
    assert vsc.post(schedule_action, data={**form_values(schedule), "when": "date",
                                           "live_on": "2099-01-05"}).status_code == 302
    assert "Right Care Right Person" not in squash(page_of(officer.get("/sections/")).text)
    assert vsc.post(schedule_action, data={**form_values(schedule), "when": "now"}).status_code == 302
    live = page_of(officer.get("/sections/"))
    assert "Welfare calls go to partners from Monday." in squash(live.text)
    edit = page_of(vsc.get(saved.headers["Location"]))
    retire = [f for f in edit.find_all("form") if f.attrs["action"].endswith("/retire")][0]
    assert vsc.post(retire.attrs["action"], data=form_values(retire)).status_code == 302
    assert "Right Care Right Person" not in squash(page_of(officer.get("/sections/")).text)
    history = squash(page_of(vsc.get(saved.headers["Location"])).one("ul", data_history=True).text)
    assert history.count("scheduled") == 2 and "retired" in history and "prepared" in history
    assert officer.get(preview_link.attrs["href"]).status_code == 403
