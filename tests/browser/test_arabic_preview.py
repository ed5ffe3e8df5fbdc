"""An officer previews an Arabic text in a real browser: right to left, English beside it, accessible.

A screenshot of the preview is kept in the test's tmp_path, so a person can look at the script.
"""

import re
import threading

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer
from tests.browser.test_officer_flow import sign_in

pytestmark = pytest.mark.browser

ARABIC_TEXT = "الرقم المرجعي لجريمتك هو 06/123456/26"


@pytest.fixture
def live_server(make_mad_app):
    """The live app of conftest.py, offering every built-in language (Arabic and Urdu among them)."""
    from waitress import create_server

    app = make_mad_app(locales=["en", "cy", "ar", "ur", "pl", "ro"])
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="mad-waitress", daemon=True)
    thread.start()
    yield LiveServer(app=app, url=f"http://127.0.0.1:{server.effective_port}")
    server.close()
    thread.join(timeout=5)


def test_arabic_preview_reads_right_to_left_beside_its_english_meaning(page, officer, assert_accessible, tmp_path):
    sign_in(page, officer, assert_accessible)
    page.goto("/updates/new/crime_reference_assigned")
    page.get_by_label("Crime reference", exact=True).fill("06/123456/26")
    page.get_by_label("Text message (SMS)").check()
    page.get_by_label("Victim's mobile number or email address").fill("07700 900123")
    page.get_by_label("Victim's language").select_option(label="العربية (Arabic)")
    page.get_by_label("Officer's name").fill("PC 1234 Jones")
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check before sending")
    victim = page.locator("[data-preview=victim]")
    expect(victim).to_have_attribute("lang", "ar")
    expect(victim).to_contain_text(ARABIC_TEXT)
    assert victim.evaluate("element => getComputedStyle(element).direction") == "rtl"
    body = victim.locator(".preview__body")
    assert body.evaluate("element => getComputedStyle(element).direction") == "rtl"  # inherited by the text
    english = page.locator("[data-preview=english]")
    assert english.evaluate("element => getComputedStyle(element).direction") == "ltr"
    expect(english).to_contain_text("your crime reference is 06/123456/26")
    expect(page.locator("[data-sms-info]")).to_contain_text("UCS-2")
    expect(page.locator("[data-draft-translation]")).to_contain_text("This translation is a draft")
    assert_accessible(page, "arabic preview")

    shot = tmp_path / "arabic-preview.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.exists() and shot.stat().st_size > 1000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the box's right edge is where the Arabic starts: its first line is aligned to the right
    box = victim.bounding_box()
    text_box = body.evaluate("""element => { const r = document.createRange(); r.selectNodeContents(element);
                                           const rects = r.getClientRects(); return rects[0].right; }""")
    assert re.match(r"^\d", str(text_box)) and text_box > box["x"] + box["width"] * 0.6


def test_vsc_reviews_an_arabic_sentence_on_accessible_pages(page, live_server, make_user, assert_accessible):
    vsc = make_user(live_server.app, role="vsc", display_name="Sam Coordinator")
    sign_in(page, vsc, assert_accessible)
    page.get_by_role("link", name="Translations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Translations")
    assert_accessible(page, "translations")
    page.locator('[data-cell="crime_reference_assigned-ar"] a').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Crime reference assigned in Arabic")
    sms = page.locator('[data-sentence="sms"]')
    assert sms.locator("[data-translation]").evaluate("e => getComputedStyle(e).direction") == "rtl"
    # inside the right-to-left text each placeholder still reads as written: "%" left of "(name)s"
    first, last = sms.locator("[data-translation] bdi").first.evaluate("""b => {
        const t = b.firstChild, x = i => { const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1);
                                           return r.getBoundingClientRect().left; };
        return [x(0), x(t.length - 1)]; }""")
    assert first < last
    assert_accessible(page, "translation review")
    sms.get_by_role("button", name=re.compile("^Mark reviewed by a native speaker")).click()
    expect(page.locator('[data-sentence="sms"]')).to_have_attribute("data-status", "reviewed")
    expect(page.locator('[data-sentence="sms"] [data-reviewed-by]')).to_contain_text("Last set by Sam Coordinator")


@pytest.mark.parametrize(("language", "family"), [("اردو (Urdu)", "Noto Nastaliq Urdu"),
                                                  ("العربية (Arabic)", "Noto Naskh Arabic")])
def test_the_preview_draws_urdu_and_arabic_in_the_fonts_served_with_the_app(page, officer, assert_accessible,
                                                                             language, family):
    """The device need not have a Nastaliq or Naskh face: the app serves them (@fontsource)."""
    sign_in(page, officer, assert_accessible)
    page.goto("/updates/new/crime_reference_assigned")
    page.get_by_label("Crime reference", exact=True).fill("06/123456/26")
    page.get_by_label("Victim's mobile number or email address").fill("07700 900123")
    page.get_by_label("Victim's language").select_option(label=language)
    page.get_by_role("button", name="Preview").click()
    victim = page.locator("[data-preview=victim]")
    expect(victim).to_be_visible()
    assert family in victim.evaluate("e => getComputedStyle(e).fontFamily")
    loaded = page.evaluate("""family => document.fonts.ready.then(() =>
        [...document.fonts].filter(f => f.family.replace(/["']/g, '') === family && f.status === 'loaded').length)""", family)
    assert loaded >= 1, f"{family} was not loaded from the app"
