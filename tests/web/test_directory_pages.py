""""Find support" pages: search, a service, send it to a victim in one press, report it out of date,
and the VSC's edits, queue and review list — through the real pages with their CSRF tokens."""

import re
from html import unescape

import pytest
from sqlalchemy import select

from core.directory.demo import load_demo_services
from core.models import AuditChronologyEntry, Message, SandboxCapture
from core.testing import csrf_from
from tests.features.pages import form_posting_to, form_values, parse_page, squash

DISTRICTS = ["Northtown", "Southmere", "Eastbrook", "Westvale", "Riverside", "Hillcrest", "Oldbridge",
             "Marshgate", "Kingsford", "Ashby"]


@pytest.fixture
def demo_app(make_mad_app):
    app = make_mad_app(districts=DISTRICTS)
    with app.extensions["mad"].session() as session:
        load_demo_services(session, DISTRICTS)
    return app


def page_of(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)[:3000]
    return parse_page(response.get_data(as_text=True))


def result_names(page):
    results = page.find("ol", data_results=True)
    return [squash(item.find("a").text) for item in results.find_all("li", class_="result")] if results else []


def service_link(client, query, name):
    page = page_of(client.get("/directory/", query_string={"q": query}))
    link = next(a for a in (item.find("a") for item in page.find_all("li", class_="result")) if squash(a.text) == name)
    return link.attrs["href"]


def test_an_officer_finds_support_by_abbreviation_typo_and_need_within_a_district(demo_app, signed_in):
    client, _ = signed_in(demo_app)
    dv = result_names(page_of(client.get("/directory/?q=DV&district=Northtown")))
    assert dv[0] == "Northtown Women's Refuge" and "Safe Homes Domestic Abuse Service" in dv
    homeless = result_names(page_of(client.get("/directory/?q=homeles&district=Marshgate")))
    assert "Marshgate Night Shelter" in homeless and "Shelter Point Housing Advice" in homeless
    assert "Rape Crisis Eastbrook" not in result_names(page_of(client.get("/directory/?q=rape&district=Ashby")))
    browse = page_of(client.get("/directory/?need=veterans"))
    assert set(result_names(browse)) == {"Veterans' Gateway North", "Forces Friends Breakfast Club", "Military Minds"}
    assert "3 services found" in squash(browse.text)


def test_a_bad_search_is_explained(demo_app, signed_in):
    client, _ = signed_in(demo_app)
    page = page_of(client.get("/directory/?need=knitting&district=Atlantis"), status=400)
    summary = squash(page.one("div", class_="govuk-error-summary").text)
    assert "Choose a need from the list" in summary


def test_a_service_page_shows_its_details_and_due_for_review(demo_app, signed_in):
    client, _ = signed_in(demo_app)
    page = page_of(client.get(service_link(client, "Marshgate Night Shelter", "Marshgate Night Shelter")))
    text = squash(page.text)
    assert "Due for review" in text and "0161 496 0" in text and "Marshgate" in text
    assert page.find("a", data_send_to_victim=True) is not None


def send_from_service(client, name, kind, recipient):
    """Press "Send to victim" on the service, fill in what is still needed, Preview, then Send."""
    service_page = page_of(client.get(service_link(client, name, name)))
    compose = page_of(client.get(unescape(service_page.one("a", data_send_to_victim=True).attrs["href"])))
    values = form_values(form_posting_to(compose, "/updates/new/signposting"))
    # the service's details are shown from the directory, and the form has no box to change them
    shown = {row.one("dt").text: row.one("dd").text for row in compose.one("dl", data_directory_fields=True).find_all("div")}
    assert shown["Service"] == name and shown["Service phone number"]
    assert not [k for k in values if k.startswith("field__service")]
    values.update(crime_reference="06/123456/26", kind=kind, recipient=recipient, locale="en", action="preview")
    preview = page_of(client.post("/updates/new/signposting", data=values))
    sent = client.post("/updates/send/signposting", data=form_values(form_posting_to(preview, "/updates/send/")))
    assert sent.status_code == 302, sent.get_data(as_text=True)
    return preview


def test_send_to_victim_emails_the_service_with_its_leaflet_through_the_outbox(demo_app, signed_in):
    mad = demo_app.extensions["mad"]
    client, officer = signed_in(demo_app)
    preview = send_from_service(client, "Safe Homes Domestic Abuse Service", "email", "sam.victim@example.org")
    assert squash(preview.one("p", data_attachments=True).text) == "Attached: safe-homes-domestic-abuse-service.pdf"
    mad.dispatcher.drain()
    with mad.session() as session:
        message = session.scalars(select(Message)).one()
        capture = session.scalars(select(SandboxCapture)).one()
        audit = session.scalars(select(AuditChronologyEntry)).one()
    assert message.status == "sent" and message.template_id == "signposting"
    assert "Safe Homes Domestic Abuse Service" in capture.body and "Phone: 07700 900000" in capture.body
    assert [a["filename"] for a in capture.attachments] == ["safe-homes-domestic-abuse-service.pdf"]
    assert message.attachments[0].data.startswith(b"%PDF-1.4")
    assert "Attached: safe-homes-domestic-abuse-service.pdf" in audit.text
    sandbox = page_of(client.get("/sandbox/"))
    assert "safe-homes-domestic-abuse-service.pdf" in squash(sandbox.one("ul", data_attachments=True).text)


def test_send_to_victim_by_text_is_the_short_version_with_phone_and_web(demo_app, signed_in):
    mad = demo_app.extensions["mad"]
    client, _ = signed_in(demo_app)
    send_from_service(client, "Scam Aware Kingsford", "sms", "07700 900123")
    mad.dispatcher.drain()
    with mad.session() as session:
        capture = session.scalars(select(SandboxCapture)).one()
        message = session.scalars(select(Message)).one()
    assert re.search(r"Scam Aware Kingsford on 07700 900016 https://scam-aware-kingsford\.example\.org", capture.body)
    assert capture.attachments is None and message.attachments == []


def test_an_officer_reports_a_service_out_of_date_and_a_vsc_deals_with_it(demo_app, signed_in):
    officer, _ = signed_in(demo_app)
    link = service_link(officer, "Warm Homes Fund", "Warm Homes Fund")
    page = page_of(officer.get(link))
    token = csrf_from(officer.get(link).get_data(as_text=True))
    empty = page_of(officer.post(f"{link}/report", data={"csrf_token": token, "note": "  "}), status=400)
    assert "Say what is out of date" in squash(empty.one("div", class_="govuk-error-summary").text)
    assert officer.post(f"{link}/report", data={"note": "No CSRF"}).status_code == 400
    done = officer.post(f"{link}/report", data={"csrf_token": token, "note": "The number now rings a fax."},
                        follow_redirects=True)
    assert "your report has gone to the Victims' Services Coordinators" in squash(page_of(done).text)
    assert page.find("a", href=re.compile("/directory/manage")) is None  # officers do not edit

    vsc, _ = signed_in(demo_app, role="vsc")
    queue = page_of(vsc.get("/directory/manage/"))
    reports = queue.one("ol", data_reports=True)
    assert "Warm Homes Fund: The number now rings a fax." in squash(reports.text)
    assert "Marshgate Night Shelter" in squash(queue.one("ul", data_overdue=True).text)
    resolve = form_posting_to(queue, "/directory/manage/reports/")
    vsc.post(resolve.attrs["action"], data=form_values(resolve))
    assert "No reports waiting." in squash(page_of(vsc.get("/directory/manage/")).text)


def test_a_vscs_edit_is_live_at_once_and_in_the_history(demo_app, signed_in):
    vsc, user = signed_in(demo_app, role="vsc")
    officer, _ = signed_in(demo_app)
    link = service_link(officer, "Warm Homes Fund", "Warm Homes Fund")
    service_id = link.rsplit("/", 1)[1]
    edit = page_of(vsc.get(f"/directory/manage/services/{service_id}"))
    form = form_posting_to(edit, f"/directory/manage/services/{service_id}")
    values = form_values(form)
    values["phone"] = "not a phone"
    bad = page_of(vsc.post(form.attrs["action"], data=values), status=400)
    assert "Enter a phone number" in squash(bad.one("div", class_="govuk-error-summary").text)
    values["phone"] = "0161 496 0999"
    data = {k: v for k, v in values.items()}
    data["needs"] = ["financial_hardship", "older_people"]
    assert vsc.post(form.attrs["action"], data=data).status_code == 302
    assert "0161 496 0999" in squash(page_of(officer.get(link)).text)
    assert "Warm Homes Fund" in result_names(page_of(officer.get("/directory/?need=older_people")))
    history = page_of(vsc.get(f"/directory/manage/services/{service_id}")).one("div", data_history=True)
    latest = history.find_all("div", class_="moj-timeline__item")[0]
    assert latest.one("h3").text == "Changed" and f"by {user.display_name}" in latest.text
    changes = {row.one("dt").text: row.one("dd").text for row in latest.find_all("div", class_="govuk-summary-list__row")}
    assert changes["Phone"].endswith("→ 0161 496 0999")
    assert changes["Needs it meets"].endswith("→ Financial hardship, Older people")  # words, not a list of codes


def test_a_vsc_adds_a_service_and_uploads_its_leaflet(demo_app, signed_in):
    vsc, _ = signed_in(demo_app, role="vsc")
    new = page_of(vsc.get("/directory/manage/services/new"))
    values = form_values(form_posting_to(new, "/directory/manage/services/new"))
    values.update(name="Tidewater Stalking Clinic", needs="stalking_harassment", districts="Ashby",
                  phone="0161 496 0998", web="https://tidewater.example.org", last_assured_on="2026-11-01")
    created = vsc.post("/directory/manage/services/new", data=values)
    assert created.status_code == 302
    service_id = created.headers["Location"].rsplit("/", 1)[1]
    token = csrf_from(vsc.get(f"/directory/manage/services/{service_id}").get_data(as_text=True))
    wrong = vsc.post(f"/directory/manage/services/{service_id}/leaflets",
                     data={"csrf_token": token, "leaflet": (__import__("io").BytesIO(b"MZ"), "x.exe", "application/x-msdownload")},
                     content_type="multipart/form-data")
    assert wrong.status_code == 400 and "PDF, PNG, JPEG or text" in wrong.get_data(as_text=True)
    vsc.post(f"/directory/manage/services/{service_id}/leaflets",
             data={"csrf_token": token, "leaflet": (__import__("io").BytesIO(b"%PDF-1.4 x"), "tidewater.pdf", "application/pdf")},
             content_type="multipart/form-data")
    officer, _ = signed_in(demo_app)
    page = page_of(officer.get(f"/directory/services/database/{service_id}"))
    leaflet = page.one("ul", data_leaflets=True).one("a")
    assert squash(leaflet.text) == "tidewater.pdf"
    assert officer.get(leaflet.attrs["href"]).data == b"%PDF-1.4 x"
    assert result_names(page_of(officer.get("/directory/?q=stalkng&district=Ashby")))[0] == "Tidewater Stalking Clinic"


def test_who_may_do_what(demo_app, signed_in):
    vsc, _ = signed_in(demo_app, role="vsc")
    officer, _ = signed_in(demo_app)
    analyst, _ = signed_in(demo_app, role="analyst")
    link = service_link(officer, "Warm Homes Fund", "Warm Homes Fund")
    assert page_of(vsc.get(link)).find("a", data_send_to_victim=True) is None  # VSCs do not contact victims
    assert vsc.get("/updates/new/signposting").status_code == 403
    assert page_of(analyst.get(link)).find("a", data_send_to_victim=True) is None
    assert officer.get("/directory/manage/").status_code == 403
    assert officer.get(f"/directory/manage/services/{link.rsplit('/', 1)[1]}").status_code == 403
    assert officer.get("/directory/services/database/no-such-service").status_code == 404
    assert officer.get("/directory/services/nowhere/x").status_code == 404


def test_a_withdrawn_service_leaves_officers_searches_and_waits_in_the_vscs_list(demo_app, signed_in):
    from pathlib import Path

    from core.directory.importing import import_services
    from core.models.directory import DirectoryService

    mad = demo_app.extensions["mad"]
    import_services(mad, Path(__file__).parents[1] / "directory" / "fixtures" / "hsds_service.json", "Sam VSC")
    service_id = "9a0c3c52-3f7e-4b7e-9d55-0d1f6a7f2a01"
    vsc, _ = signed_in(demo_app, role="vsc")
    officer, _ = signed_in(demo_app)
    assert "Harbourside Advocacy" in result_names(page_of(officer.get("/directory/?q=harbourside")))
    form = form_posting_to(page_of(vsc.get(f"/directory/manage/services/{service_id}")), "/directory/manage/services/")
    values = form_values(form)
    values.update(status="temporarily closed", needs=["stalking_harassment"], districts=["Northtown"])
    assert vsc.post(form.attrs["action"], data=values).status_code == 302
    assert result_names(page_of(officer.get("/directory/?q=harbourside"))) == []
    withdrawn = squash(page_of(vsc.get("/directory/manage/")).one("ul", data_withdrawn=True).text)
    assert "Harbourside Advocacy — Temporarily closed" in withdrawn
    with mad.session() as session:  # the organisation kept its HSDS id through the edit
        assert session.get(DirectoryService, service_id).organisation_id == "5b8f2d1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


def test_words_typed_into_a_signposting_form_never_reach_the_victim(demo_app, signed_in):
    """Only the directory's approved details are sent: posted service fields are ignored."""
    mad = demo_app.extensions["mad"]
    client, _ = signed_in(demo_app)
    service_page = page_of(client.get(service_link(client, "Scam Aware Kingsford", "Scam Aware Kingsford")))
    compose = page_of(client.get(unescape(service_page.one("a", data_send_to_victim=True).attrs["href"])))
    values = form_values(form_posting_to(compose, "/updates/new/signposting"))
    values.update(crime_reference="06/123456/26", kind="sms", recipient="07700 900123", locale="en", action="preview",
                  field__service_name="Call me on my own number", field__service_phone="07700 900999",
                  field__service_web="https://elsewhere.example.com")
    preview = page_of(client.post("/updates/new/signposting", data=values))
    body = preview.one(None, data_preview="victim").text
    assert "Scam Aware Kingsford on 07700 900016" in body
    assert "Call me" not in body and "07700 900999" not in body and "elsewhere" not in body
    assert "directory entry for Scam Aware Kingsford" in squash(preview.one("div", data_sources=True).text)
    client.post("/updates/send/signposting", data=form_values(form_posting_to(preview, "/updates/send/")))
    mad.dispatcher.drain()
    with mad.session() as session:
        capture = session.scalars(select(SandboxCapture)).one()
    assert "Call me" not in capture.body and "07700 900999" not in capture.body


def test_signposting_without_a_service_from_the_directory_says_where_to_find_one(demo_app, signed_in):
    client, _ = signed_in(demo_app)
    compose = page_of(client.get("/updates/new/signposting"))
    values = form_values(form_posting_to(compose, "/updates/new/signposting"))
    values.update(crime_reference="06/123456/26", kind="sms", recipient="07700 900123", locale="en", action="preview",
                  field__service_name="Any words at all", field__service_phone="07700 900999")
    refused = page_of(client.post("/updates/new/signposting", data=values), status=400)
    summary = squash(refused.one("div", class_="govuk-error-summary").text)
    assert "Choose the service in Find support, then press Send to victim on its page" in summary
