"""VSCs review translations on the Translations pages; officers are warned before sending a draft."""

import re

import pytest
from sqlalchemy import select

from core.defaults.locales import BUILTIN_LOCALES
from core.models import RecordsEntry, TranslationReview
from core.testing import csrf_from
from core.translations.review import text_key
from tests.helpers import SMS_UPDATE, preview, preview_and_send

ALL = list(BUILTIN_LOCALES)
SMS_EN = ("%(force_name)s: your crime reference is %(crime_reference)s. The officer dealing with it is "
          "%(officer_name)s. Quote the reference when you call %(force_phone)s.")


@pytest.fixture
def every_language_app(make_mad_app, database):
    return make_mad_app(locales=ALL, database=database)


def _sentence(html, part):
    """The <li> of one sentence on a template × language page."""
    return html.split(f'data-sentence="{part}"', 1)[1].split("</li>", 1)[0]


def _mark(client, template_id, locale, msgid, status):
    page = client.get(f"/translations/{template_id}/{locale}").get_data(as_text=True)
    return client.post(f"/translations/{template_id}/{locale}",
                       data={"csrf_token": csrf_from(page), "msgid_key": text_key(msgid), "status": status})


def test_vsc_sees_every_template_in_every_language_as_draft(every_language_app, signed_in):
    client, _ = signed_in(every_language_app, role="vsc")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/translations/"' in home
    page = client.get("/translations/").get_data(as_text=True)
    templates = every_language_app.extensions["mad"].templates
    for template_id in templates:
        for locale in ALL[1:]:
            cell = page.split(f'data-cell="{template_id}-{locale}"', 1)[1].split("</td>", 1)[0]
            assert "draft" in cell and "0 of" in cell, (template_id, locale)
    for name in ("Welsh", "Arabic", "Urdu", "Polish", "Romanian"):
        assert f">{name}<" in page
    with every_language_app.extensions["mad"].session() as session:
        rows = session.scalars(select(TranslationReview)).all()
    assert {r.status for r in rows} == {"draft"}
    assert len(rows) == len({m for t in templates.values() for m in t.msgids()}) * (len(ALL) - 1)


def test_vsc_marks_a_sentence_reviewed_and_back_to_draft(every_language_app, signed_in):
    client, vsc = signed_in(every_language_app, role="vsc")
    page = client.get("/translations/crime_reference_assigned/ar").get_data(as_text=True)
    sms = _sentence(page, "sms")
    assert re.search(r'data-sentence="sms" data-status="draft"', page)
    # the English beside, its placeholder shown as a chip in words (the catalogue's form kept for the page's script)
    assert 'your crime reference is <bdi dir="ltr" class="mad-placeholder" data-placeholder="%(crime_reference)s">Crime reference</bdi>' in sms
    assert 'lang="ar" dir="rtl"' in sms and "الرقم المرجعي لجريمتك" in sms

    response = _mark(client, "crime_reference_assigned", "ar", SMS_EN, "reviewed")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r'data-sentence="sms" data-status="reviewed"', page)
    assert f"Last set by {vsc.display_name} on" in _sentence(page, "sms")
    assert re.search(r'data-sentence="email subject" data-status="draft"', page)
    with every_language_app.extensions["mad"].session() as session:
        row = session.scalars(select(TranslationReview).where(
            TranslationReview.locale == "ar", TranslationReview.msgid_key == text_key(SMS_EN))).one()
    assert (row.status, row.reviewed_by_id, row.reviewed_by_name) == ("reviewed", vsc.id, vsc.display_name)
    assert row.reviewed_at is not None

    response = _mark(client, "crime_reference_assigned", "ar", SMS_EN, "draft")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r'data-sentence="sms" data-status="draft"', page)


def test_review_form_needs_csrf_and_a_valid_status(every_language_app, signed_in):
    client, _ = signed_in(every_language_app, role="admin")
    url = "/translations/crime_reference_assigned/ur"
    assert client.post(url, data={"msgid_key": text_key(SMS_EN), "status": "reviewed"}).status_code == 400
    page = client.get(url).get_data(as_text=True)
    bad = client.post(url, data={"csrf_token": csrf_from(page), "msgid_key": text_key(SMS_EN), "status": "approved"})
    assert bad.status_code == 400 and "Choose Mark reviewed or Back to draft" in bad.get_data(as_text=True)
    other = client.post(url, data={"csrf_token": csrf_from(page), "msgid_key": text_key("not a sentence"),
                                   "status": "reviewed"})
    assert other.status_code == 400 and "not part of this message" in other.get_data(as_text=True)
    with every_language_app.extensions["mad"].session() as session:
        assert session.scalars(select(TranslationReview).where(TranslationReview.status == "reviewed")).all() == []


def test_only_vscs_and_admins_reach_the_translations_pages(every_language_app, signed_in):
    for role in ("officer", "supervisor", "analyst"):
        client, _ = signed_in(every_language_app, role=role)
        assert client.get("/translations/").status_code == 403, role
        assert client.get("/translations/signposting/cy").status_code == 403, role
        assert 'href="/translations/"' not in client.get("/").get_data(as_text=True)
    client, _ = signed_in(every_language_app, role="vsc")
    assert client.get("/translations/signposting/en").status_code == 404  # English is the source, not a translation
    assert client.get("/translations/nope/cy").status_code == 404


def test_officer_is_warned_before_sending_a_draft_and_the_record_notes_it(every_language_app, signed_in):
    app = every_language_app
    officer, _ = signed_in(app)
    values = {**SMS_UPDATE, "locale": "ar"}
    page = preview(officer, "crime_reference_assigned", values).get_data(as_text=True)
    assert "This translation is a draft: a native speaker has not yet checked it." in page
    assert 'lang="ar" dir="rtl" data-preview="victim"' in page
    assert "Testshire Police: الرقم المرجعي لجريمتك هو 06/123456/26" in page
    assert "Testshire Police: your crime reference is 06/123456/26" in page  # the English meaning beside

    assert preview_and_send(officer, "crime_reference_assigned", values).status_code == 302
    with app.extensions["mad"].session() as session:
        entry = session.scalars(select(RecordsEntry)).one()
    assert "in Arabic" in entry.text and "Translation status: draft (1 sentence(s)" in entry.text
    assert "الرقم المرجعي لجريمتك هو 06/123456/26" in entry.text
    assert "your crime reference is 06/123456/26" in entry.english_text

    vsc, _ = signed_in(app, role="vsc")
    assert _mark(vsc, "crime_reference_assigned", "ar", SMS_EN, "reviewed").status_code == 302
    page = preview(officer, "crime_reference_assigned", values).get_data(as_text=True)
    assert "This translation is a draft" not in page


def test_an_urdu_email_is_recorded_in_urdu_with_its_english_meaning(every_language_app, signed_in):
    officer, _ = signed_in(every_language_app)
    values = {**SMS_UPDATE, "kind": "email", "recipient": "sam.victim@example.org", "locale": "ur"}
    page = preview(officer, "crime_reference_assigned", values).get_data(as_text=True)
    assert 'lang="ur" dir="rtl" data-preview="victim"' in page
    assert preview_and_send(officer, "crime_reference_assigned", values).status_code == 302
    with every_language_app.extensions["mad"].session() as session:
        entry = session.scalars(select(RecordsEntry)).one()
    assert "Email to victim" in entry.text and "in Urdu" in entry.text
    assert "Subject: Testshire Police: آپ کا کرائم ریفرنس 06/123456/26" in entry.text
    assert "Subject: Testshire Police: your crime reference 06/123456/26" in entry.english_text
    assert "Translation status: draft (2 sentence(s)" in entry.text  # subject and body
