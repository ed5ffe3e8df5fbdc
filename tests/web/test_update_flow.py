"""An officer sends a victim an update through the web pages, end to end on the sandbox."""

from sqlalchemy import select

from core.models import AuditChronologyEntry, Message, RecordsEntry, SandboxCapture
from tests.helpers import SMS_UPDATE, preview, preview_and_send


def test_officer_sends_sms_update_captured_by_sandbox_and_audited(app, mad, signed_in):
    client, officer = signed_in(app)
    response = preview_and_send(client, "crime_reference_assigned", SMS_UPDATE)
    assert response.status_code == 302
    status_url = response.headers["Location"]

    mad.dispatcher.drain()

    with mad.session() as session:
        message = session.scalars(select(Message)).one()
        capture = session.scalars(select(SandboxCapture)).one()
        chronology = session.scalars(select(AuditChronologyEntry)).one()
    assert message.status == "sent"
    assert capture.recipient == "+447700900123"
    assert capture.body == (
        "Testshire Police: your crime reference is 06/123456/26. The officer dealing with it is "
        "PC 1234 Jones. Quote the reference when you call 101."
    )
    assert chronology.crime_reference == "06/123456/26"
    assert capture.body in chronology.text
    assert "+4477009***23" in chronology.text and "+447700900123" not in chronology.text
    assert chronology.author == officer.display_name

    status_page = client.get(status_url).get_data(as_text=True)
    assert "sent" in status_page
    sandbox = client.get("/sandbox/").get_data(as_text=True)
    assert "your crime reference is 06/123456/26" in sandbox
    crime = client.get("/crimes/06/123456/26").get_data(as_text=True)
    assert "Crime reference assigned" in crime and "local_audit" in crime and "written" in crime


def test_preview_shows_welsh_text_english_meaning_and_sms_segments(app, signed_in):
    client, _ = signed_in(app)
    page = preview(client, "crime_reference_assigned", {**SMS_UPDATE, "locale": "cy"}).get_data(as_text=True)
    assert "cyfeirnod eich trosedd yw 06/123456/26" in page
    assert "your crime reference is 06/123456/26" in page
    assert 'lang="cy"' in page
    assert "GSM-7" in page and "1 text message(s)" in page


def test_missing_field_and_bad_phone_are_explained_and_nothing_is_stored(app, mad, signed_in):
    client, _ = signed_in(app)
    values = {**SMS_UPDATE, "recipient": "0161 496 0123", "field__officer_name": ""}
    response = preview(client, "crime_reference_assigned", values)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "That is not a mobile number" in page
    assert "Missing data for required field" in page
    with mad.session() as session:
        assert session.scalars(select(Message)).all() == []
        assert session.scalars(select(RecordsEntry)).all() == []


def test_pressing_send_twice_sends_once(app, mad, signed_in):
    client, _ = signed_in(app)
    page = preview(client, "crime_reference_assigned", SMS_UPDATE).get_data(as_text=True)
    from tests.helpers import hidden_fields

    data = hidden_fields(page)
    first = client.post("/updates/send/crime_reference_assigned", data=data)
    second = client.post("/updates/send/crime_reference_assigned", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    mad.dispatcher.drain()
    with mad.session() as session:
        assert len(session.scalars(select(SandboxCapture)).all()) == 1


def test_wrong_csrf_token_is_refused_and_stores_nothing(app, mad, signed_in):
    client, _ = signed_in(app)
    page = preview(client, "crime_reference_assigned", SMS_UPDATE).get_data(as_text=True)
    from tests.helpers import hidden_fields

    data = hidden_fields(page)
    data["csrf_token"] = "forged"
    response = client.post("/updates/send/crime_reference_assigned", data=data)
    assert response.status_code == 400
    assert "did not come from this site" in response.get_data(as_text=True)
    with mad.session() as session:
        assert session.scalars(select(Message)).all() == []


def test_unknown_template_is_not_found(app, signed_in):
    client, _ = signed_in(app)
    assert client.get("/updates/new/no_such_template").status_code == 404


def test_every_template_has_a_working_form(app, mad, signed_in):
    client, _ = signed_in(app)
    choose = client.get("/updates/new").get_data(as_text=True)
    for template in mad.templates.values():
        if not template.offered:  # sent by the toolkit itself (satisfaction check, HELP answer)
            assert f'href="/updates/new/{template.id}"' not in choose
            assert client.get(f"/updates/new/{template.id}").status_code == 404
            continue
        assert f'href="/updates/new/{template.id}"' in choose
        response = client.get(f"/updates/new/{template.id}")
        assert response.status_code == 200, template.id
        for name in template.fields().fields:
            assert f'name="field__{name}"' in response.get_data(as_text=True), (template.id, name)


def test_officer_arranges_a_visit_and_the_welsh_text_gives_date_and_time(app, mad, signed_in):
    client, _ = signed_in(app)
    form = client.get("/updates/new/officer_contact").get_data(as_text=True)
    assert "… will visit you on … at …." in form
    values = {**SMS_UPDATE, "locale": "cy", "field__contact": "visit", "field__date": "2026-12-03",
              "field__time": "14:30"}
    page = preview(client, "officer_contact", values).get_data(as_text=True)
    assert "Bydd PC 1234 Jones yn ymweld â chi am 14:30 ar y dyddiad hwn: Dydd Iau, 3 Rhagfyr 2026." in page
    assert "PC 1234 Jones will visit you on Thursday, 3 December 2026 at 14:30." in page


def test_a_welsh_speaking_officer_picks_from_welsh_sentences(app, signed_in):
    client, _ = signed_in(app)
    english = client.get("/updates/new/investigation_update").get_data(as_text=True)
    welsh = client.get("/updates/new/investigation_update", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert "We are reviewing CCTV footage." in english
    assert "Rydym yn adolygu lluniau teledu cylch cyfyng (CCTV)." in welsh
    assert "We are reviewing CCTV footage." not in welsh


def test_a_welsh_interface_lists_sent_messages_by_their_welsh_titles(app, signed_in):
    client, _ = signed_in(app)
    preview_and_send(client, "crime_reference_assigned", SMS_UPDATE)
    home = client.get("/", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert "Cyfeirnod trosedd wedi'i roi" in home and "Crime reference assigned" not in home
    crime = client.get("/crimes/06/123456/26", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert "Cyfeirnod trosedd wedi'i roi</a>" in crime  # the records entry itself stays as written
