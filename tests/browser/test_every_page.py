"""Every page, after a full demo flow, at 390 px (a phone) and 1280 px (a laptop): axe-clean, no
sideways scrolling, and no raw code where words should be. Screenshots are kept for review in
``test-artefacts/screenshots/`` (git-ignored; ``MAD_TEST_ARTEFACTS`` moves it).

The flow goes through the real pages and services: texts and emails in Arabic, Urdu and Welsh, a
signposting email, a report that a service is out of date, a VSC's correction and a reviewed
translation — so the pages show every kind of code the toolkit stores.
"""

import os
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from core.constants import EntryTypes, MessageStatus, WriteStatus
from core.directory.demo import load_demo_services
from core.labels import codes
from core.models import Message, SandboxCapture
from core.models.directory import DirectoryService
from core.testing import csrf_from
from tests.helpers import SMS_UPDATE, preview_and_send

pytestmark = pytest.mark.browser

ARTEFACTS = Path(os.environ.get("MAD_TEST_ARTEFACTS", Path(__file__).resolve().parents[2] / "test-artefacts"))
WIDTHS = (390, 1280)
DISTRICTS = ["Northtown", "Southmere", "Eastbrook", "Westvale", "Riverside", "Hillcrest", "Oldbridge",
             "Marshgate", "Kingsford", "Ashby"]
LANGUAGE_CODES = ("ar", "ur", "pl", "ro", "cy")
#: Codes that must never be a page's words: every coded kind people see, and the stored statuses.
SNAKE_CODE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
LANGUAGE_CODE = re.compile(r"(?<![\w./@:#-])(" + "|".join(LANGUAGE_CODES) + r")(?![\w./@:-])")
STATUS_CODES = set(MessageStatus.ALL) | set(WriteStatus.ALL) | {"draft", "reviewed", "missing", "active"}
VISIBLE_TEXT = """() => {
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('script, [data-codes-expected], [lang]:not([lang="en"]), option').forEach(e => e.remove());
  return main.textContent;
}"""


@pytest.fixture
def demo_server(make_mad_app, make_user):
    """A live app with the demo directory, every victims' language, one user per role and a full flow done."""
    from waitress import create_server

    app = make_mad_app(districts=DISTRICTS, locales=["en", "cy", "ar", "ur", "pl", "ro"])
    mad = app.extensions["mad"]
    with mad.session() as session:
        load_demo_services(session, DISTRICTS)
    users = {role: make_user(app, role=role, display_name=name) for role, name in (
        ("officer", "PC 1234 Jones"), ("supervisor", "Sgt 42 Patel"), ("vsc", "Sam Coordinator"),
        ("analyst", "Alex Analyst"), ("admin", "Ada Admin"), ("partner", "Vic Service"))}
    paths = full_flow(app, users)
    mad.dispatcher.start()
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}", users, paths
    server.close()
    thread.join(timeout=5)


def client_for(app, user):
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    client.post("/sign-in", data={"email": user[0].email, "password": user[1], "csrf_token": csrf_from(page)})
    return client


def full_flow(app, users):
    """Do what a day's work does, through the real pages; return the paths of the pages it made."""
    mad = app.extensions["mad"]
    officer = client_for(app, users["officer"])
    for values in ({**SMS_UPDATE, "locale": "ar"}, {**SMS_UPDATE, "locale": "cy"},
                   {**SMS_UPDATE, "kind": "email", "recipient": "sam.victim@example.org", "locale": "ur"}):
        assert preview_and_send(officer, "crime_reference_assigned", values).status_code == 302
    with mad.session() as session:
        service = session.scalars(select(DirectoryService).where(DirectoryService.name == "Scam Aware Kingsford")).one()
        service_id = service.id
    signpost = {**SMS_UPDATE, "kind": "email", "recipient": "sam.victim@example.org", "directory_service": f"database/{service_id}"}
    assert preview_and_send(officer, "signposting", signpost).status_code == 302
    mad.dispatcher.drain()
    service_page = officer.get(f"/directory/services/database/{service_id}").get_data(as_text=True)
    reported = officer.post(f"/directory/services/database/{service_id}/report",
                            data={"csrf_token": csrf_from(service_page), "note": "The phone number rings a fax machine"})
    assert reported.status_code in (200, 302), reported.get_data(as_text=True)
    vsc = client_for(app, users["vsc"])
    edit = vsc.get(f"/directory/manage/services/{service_id}").get_data(as_text=True)
    from tests.features.pages import form_posting_to, form_values, parse_page
    values = form_values(form_posting_to(parse_page(edit), f"/directory/manage/services/{service_id}"))
    values.update(phone="0161 496 0999", needs=["fraud_scams", "older_people"])
    assert vsc.post(f"/directory/manage/services/{service_id}", data=values).status_code == 302
    review = vsc.get("/translations/crime_reference_assigned/ar").get_data(as_text=True)
    key = re.search(r'name="msgid_key" value="([0-9a-f]{64})"', review).group(1)
    marked = vsc.post("/translations/crime_reference_assigned/ar",
                      data={"csrf_token": csrf_from(review), "msgid_key": key, "status": "reviewed"})
    assert marked.status_code == 302
    # a referral to the commissioned service, and the service's own message a VSC approved
    refer_page = parse_page(officer.get("/partner/refer?reference=06/123456/26").get_data(as_text=True))
    referred = officer.post("/partner/refer", data={**form_values(form_posting_to(refer_page, "/partner/refer")),
                                                    "victim_name": "Alex Example", "contact": "07700 900456",
                                                    "needs": "fraud_scams", "consent": "yes"})
    assert referred.status_code == 302
    partner = client_for(app, users["partner"])
    new_message = partner.get("/partner/templates/new").get_data(as_text=True)
    written = partner.post("/partner/templates/new", data={"csrf_token": csrf_from(new_message), "title": "We will call",
                                                           "sms": "We have your referral and will call you soon."})
    assert written.status_code == 302
    approve_page = vsc.get(written.headers["Location"]).get_data(as_text=True)
    assert vsc.post(written.headers["Location"] + "/state",
                    data={"csrf_token": csrf_from(approve_page), "state": "approved"}).status_code == 302
    with mad.session() as session:
        message_id = session.scalars(select(Message.id).where(Message.locale == "ar")).first()
        email_capture = session.scalars(select(SandboxCapture.id).where(SandboxCapture.locale == "ur")).first()
    return {"message": message_id, "service": service_id, "email_capture": email_capture,
            "referral": referred.headers["Location"], "partner_message": written.headers["Location"]}


def pages_for(role, paths):
    """``[(name, path)]`` each role opens (every page its navigation and home page lead to)."""
    directory = [("find-support", "/directory/"), ("search-results", "/directory/?q=DV&district=Northtown"),
                 ("service", f"/directory/services/database/{paths['service']}")]
    contact = [("home", "/"), ("choose-message", "/updates/new"),
               ("compose", "/updates/new/officer_contact?reference=06/123456/26"),
               ("compose-signposting", f"/updates/new/signposting?service=database/{paths['service']}"),
               ("status", f"/updates/{paths['message']}"), ("find-crime", "/crimes/"),
               ("crime", "/crimes/06/123456/26"), ("sandbox", "/sandbox/"),
               ("email", f"/sandbox/{paths['email_capture']}/email"), ("settings", "/profile/")] + directory
    keeping = [("home", "/"), ("keep-directory", "/directory/manage/"),
               ("edit-service", f"/directory/manage/services/{paths['service']}"),
               ("add-service", "/directory/manage/services/new"), ("translations", "/translations/"),
               ("review-arabic", "/translations/crime_reference_assigned/ar"),
               ("review-urdu", "/translations/officer_contact/ur"), ("settings", "/profile/")] + directory
    return {
        "officer": contact,
        # the supervisor's own pages (the officer's, which they share, are checked above)
        "supervisor": [("home", "/"), ("records-writes", "/records/writes"), ("crime", "/crimes/06/123456/26")],
        "vsc": keeping,
        "analyst": [("home", "/"), ("settings", "/profile/"), *directory],
        "admin": [("home", "/"), ("plugins", "/-/plugins"), ("records-writes", "/records/writes")],
        # the commissioned victims' service: its queue, a referral with the send form, its own wording
        "partner": [("home", "/"), ("partner-queue", "/partner/"), ("partner-referral", paths["referral"]),
                    ("partner-messages", "/partner/templates/"), ("partner-message", paths["partner_message"]),
                    ("partner-write", "/partner/templates/new"), ("settings", "/profile/"), *directory],
    }[role]


def raw_codes(text):
    """The codes found in a page's words (an empty list when it reads as words only)."""
    found = set(SNAKE_CODE.findall(text)) | set(LANGUAGE_CODE.findall(text))
    found |= {m for m in ("%(", "['", "{'") if m in text}
    return sorted(found)


@pytest.mark.parametrize("role", ["officer", "supervisor", "vsc", "analyst", "admin", "partner"])
def test_every_page_reads_in_words_fits_a_phone_and_is_accessible(demo_server, chromium_browser, assert_accessible, role):
    base_url, users, paths = demo_server
    user, password = users[role]
    shots = ARTEFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in WIDTHS:
        context = chromium_browser.new_context(base_url=base_url, locale="en-GB", viewport={"width": width, "height": 900})
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto("/sign-in")
        if role == "officer" and width == WIDTHS[0]:
            page.screenshot(path=str(shots / f"signed-out-sign-in-{width}.png"), full_page=True)
            assert_accessible(page, f"sign-in-{width}")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/$"))
        for name, path in pages_for(role, paths):
            response = page.goto(path)
            if response.status != 200:
                problems.append(f"{name} ({path}) answered {response.status}")
                continue
            page.wait_for_load_state("load")
            page.screenshot(path=str(shots / f"{role}-{name}-{width}.png"), full_page=True)
            assert_accessible(page, f"{role}-{name}-{width}")
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            if overflow > 0:
                problems.append(f"{name} at {width} px scrolls sideways by {overflow} px")
            found = raw_codes(page.evaluate(VISIBLE_TEXT))
            tags = [t.strip() for t in page.locator("main .govuk-tag").all_inner_texts()]
            found += [f"tag {t!r}" for t in tags if t in STATUS_CODES]
            if found:
                problems.append(f"{name} at {width} px shows codes: {', '.join(found)}")
        context.close()
    assert not problems, "\n".join(problems)


def test_the_raw_code_check_catches_codes_and_lets_words_through():
    assert raw_codes("Status: crime_reference_assigned in ar") == ["ar", "crime_reference_assigned"]
    assert raw_codes("Needs: ['women', 'men']") == ["['"]
    assert raw_codes("Your crime reference is %(crime_reference)s") == ["%(", "crime_reference"]
    assert raw_codes("Text message sent to the victim in Arabic. Written to PoliceWorks, ar-rahman") == []
    assert {"message_sent", "local_audit"} <= set(codes("entry_type")) | set(codes("writer"))
    assert EntryTypes.MESSAGE_SENT in codes("entry_type")
