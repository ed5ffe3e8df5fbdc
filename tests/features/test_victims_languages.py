"""Step definitions for features/victims_languages.feature: updates in the victim's own language.

Each step acts on the real pages through Flask's test client, as a browser would (forms with their
CSRF tokens, the preview's hidden fields posted on Send), and checks what a person sees.
"""

import re
from dataclasses import dataclass

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from core import hookimpl
from core.i18n import LocaleInfo
from core.testing import csrf_from
from tests.features.pages import form_values, squash
from tests.features.officer_actions import fill_in_and_preview, open_page, page_of, press_send
from tests.features.scenario import Scenario

LANGUAGES = ["en", "cy", "ar", "ur", "pl", "ro"]

scenarios("victims_languages.feature")


@dataclass
class Case(Scenario):
    preview: object = None
    translation_page: object = None
    extra_plugins: tuple = ()


@pytest.fixture
def case():
    return Case()


class Portuguese:
    """Offers Portuguese with no catalogue at all."""

    @hookimpl
    def register_locales(self):
        return [LocaleInfo("pt")]


def text_of(element):
    return squash(element.raw_text) if element is not None else ""


# --- Given ------------------------------------------------------------------------------------


@given("Testshire Police keeps victims updated in English, Welsh, Arabic, Urdu, Polish and Romanian")
def force_with_six_languages(case, make_mad_app):
    case.app = make_mad_app(locales=LANGUAGES)


@given("Testshire Police also offers Portuguese, with nothing translated yet")
def force_also_offers_portuguese(case, make_mad_app):
    case.app = make_mad_app(plugins=[Portuguese()], locales=[*LANGUAGES, "pt"])


@given("I am signed in as a Victims' Services Coordinator")
def signed_in_vsc(case, signed_in):
    case.client, case.user = signed_in(case.app, "vsc", display_name="Sam Coordinator")


# --- When -------------------------------------------------------------------------------------

PREVIEW = r'I preview the "(?P<title>[^"]+)" update by (?P<how>text message|email) in (?P<language>\w+) ' \
          r"to (?P<contact>.+) for crime (?P<reference>\S+)"


@when(parsers.re(PREVIEW))
def preview_update(case, title, how, language, contact, reference):
    case.preview = fill_in_and_preview(case.client, reference, title, how, language, contact)
    assert case.preview.status_code == 200, case.preview.get_data(as_text=True)


@when(parsers.re(r'I send the "(?P<title>[^"]+)" update by (?P<how>text message|email) in (?P<language>\w+) '
                 r"to (?P<contact>.+) for crime (?P<reference>[^,\s]+), with:"))
def send_update_with(case, title, how, language, contact, reference, datatable):
    case.preview = fill_in_and_preview(case.client, reference, title, how, language, contact,
                                       fields=[(row[0], row[1]) for row in datatable])
    assert case.preview.status_code == 200, case.preview.get_data(as_text=True)
    assert press_send(case.client, case.preview).status_code == 302
    case.mad.dispatcher.drain()


@when("I press Send")
def press_send_step(case):
    response = press_send(case.client, case.preview)
    assert response.status_code == 302, response.get_data(as_text=True)
    case.mad.dispatcher.drain()


@when(parsers.parse('I open the Arabic wording of "{title}"'))
def open_arabic_wording(case, title):
    index = page_of(open_page(case.client, "/translations/"))
    row = [tr for tr in index.find_all("tr") if tr.find("th") is not None and tr.find("th").text == title]
    assert len(row) == 1, f"no row for {title!r} on the Translations page"
    links = [a for a in row[0].find_all("a") if a.attrs["href"].endswith("/ar")]
    case.translation_page = open_page(case.client, links[0].attrs["href"])


@when("I mark the text message as reviewed by a native speaker")
def mark_sms_reviewed(case):
    page = page_of(case.translation_page)
    item = page.find("li", data_sentence="sms")
    form = item.one("form")
    button = [b for b in form.find_all("button") if b.attrs.get("value") == "reviewed"][0]
    data = {**form_values(form), button.attrs["name"]: button.attrs["value"]}
    response = case.client.post(form.attrs["action"], data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    case.translation_page = open_page(case.client, response.headers["Location"])


@when("I choose Cymraeg as the language of the toolkit's pages")
def choose_welsh(case):
    page = open_page(case.client, "/profile/").get_data(as_text=True)
    response = case.client.post("/profile/", data={"csrf_token": csrf_from(page), "locale": "cy"})
    assert response.status_code == 302


# --- Then -------------------------------------------------------------------------------------


@then("the victim's text reads right to left in Arabic:")
def victim_text_rtl(case, docstring):
    text = docstring
    box = page_of(case.preview).find("div", data_preview="victim")
    assert (box.attrs["lang"], box.attrs["dir"]) == ("ar", "rtl")
    assert squash(text) in text_of(box)


@then("beside it I see what it means in English:")
def english_beside(case, docstring):
    text = docstring
    box = page_of(case.preview).find("div", data_preview="english")
    assert box.attrs["lang"] == "en" and squash(text) in text_of(box)


@then("I am warned that the translation is a draft, not yet checked by a native speaker")
def warned_draft(case):
    warning = page_of(case.preview).find("div", data_draft_translation=True)
    assert warning is not None and "a native speaker has not yet checked it" in warning.text


@then(parsers.parse("I am told it goes as {encoding} in {count:d} text messages"))
def sms_cost(case, encoding, count):
    info = text_of(page_of(case.preview).find("p", data_sms_info=True))
    assert encoding in info and re.search(rf"(^|\D){count} text message", info), info


@then("the crime's record keeps the Arabic text and what it means in English")
def record_keeps_both(case):
    html = open_page(case.client, "/crimes/06/123456/26").get_data(as_text=True)
    assert "in Arabic" in html and "الرقم المرجعي لجريمتك هو 06/123456/26" in html
    assert "English meaning" in html and "Testshire Police: your crime reference is 06/123456/26" in html


@then("the crime's record notes that the translation was a draft")
def record_notes_draft(case):
    html = open_page(case.client, "/crimes/06/123456/26").get_data(as_text=True)
    assert "Translation status: draft" in html


@then("the victim's email is marked as Urdu, written right to left")
def urdu_email_rtl(case):
    sandbox = open_page(case.client, "/sandbox/").get_data(as_text=True)
    link = re.search(r'href="(/sandbox/[^"]+)"', sandbox.split('class="capture"', 1)[1]).group(1)
    framed = re.search(r'<iframe[^>]* src="([^"]+)"', open_page(case.client, link).get_data(as_text=True)).group(1)
    email = open_page(case.client, framed).get_data(as_text=True)  # the email's HTML part exactly as sent
    assert '<html lang="ur" dir="rtl">' in email
    case.preview = email


@then(parsers.parse('the email says "{words}"'))
def email_says(case, words):
    assert words in case.preview


@then("every sentence is a draft, with the English beside the Arabic")
def all_drafts(case):
    page = page_of(case.translation_page)
    items = page.find_all("li", data_sentence=True)
    assert items and all(i.attrs["data-status"] == "draft" for i in items)
    for item in items:
        assert item.find("p", data_english=True) is not None
        assert item.find("p", data_translation=True).attrs["dir"] == "rtl"


@then("the text message shows it was reviewed, by me")
def reviewed_by_me(case):
    item = page_of(case.translation_page).find("li", data_sentence="sms")
    assert item.attrs["data-status"] == "reviewed"
    assert f"Last set by {case.user.display_name}" in item.one("p", data_reviewed_by=True).text


@then("an officer previewing that text in Arabic is not warned about a draft")
def officer_not_warned(case, signed_in):
    case.client, case.user = signed_in(case.app, "officer", display_name="PC 1234 Jones")
    preview = fill_in_and_preview(case.client, "06/123456/26", "Crime reference assigned", "text message", "Arabic",
                                  "07700 900123")
    page = page_of(preview)
    assert page.find("div", data_draft_translation=True) is None
    assert "الرقم المرجعي لجريمتك" in text_of(page.find("div", data_preview="victim"))


@then("I am told the message will be sent in English")
def told_english(case):
    page = page_of(case.preview)
    assert "so it will be sent in English" in page.text
    assert page.find("div", data_preview="victim").attrs["lang"] == "en"


@then(parsers.parse('the home page offers "{words}"'))
def home_offers(case, words):
    html = open_page(case.client, "/").get_data(as_text=True)
    assert '<html lang="cy"' in html and words in html


@then("a message I preview in English for the victim is still in English")
def preview_still_english(case):
    from tests.helpers import SMS_UPDATE, preview

    response = preview(case.client, "crime_reference_assigned", SMS_UPDATE)
    page = page_of(response)
    assert page.one("h1").text == "Gwirio cyn anfon"
    box = page.find("div", data_preview="victim")
    assert box.attrs["lang"] == "en" and "your crime reference is 06/123456/26" in text_of(box)
