"""Officer tasks through the GOV.UK interface on a 390 px phone: an update from the home page,
signposting from a directory search, and reporting a service out of date."""

from benchmarks.officer_time import task

REFERENCE = "06/123456/26"
MOBILE = "07700900123"


@task("update from blank", role="officer")
def update_from_blank(o):
    """Home → the message → crime reference and number typed → Preview → Send → sent."""
    o.open("/")
    o.click("[data-quick-messages] >> text=Crime reference assigned")
    o.click("#crime_reference")
    o.type("#crime_reference", REFERENCE)
    o.click("#recipient")
    o.type("#recipient", MOBILE)
    o.click("button:has-text('Preview')")
    o.wrote_by_hand(o.page.locator("[data-preview=victim]").inner_text())  # what was once typed by hand
    o.click("button[data-send]")
    o.expect_text("Message to victim: Sent")


@task("signpost from search", role="officer")
def signpost_from_search(o):
    """Find support → "DV" → a service → Send to victim → reference and number → Preview → Send."""
    o.open("/")
    o.click("button.govuk-service-navigation__toggle")  # the phone's Menu
    o.click("nav >> text=Find support")
    o.click("#q")
    o.type("#q", "DV")
    o.click("button:has-text('Search')")
    o.click("[data-results] li >> nth=0 >> a")
    o.click("[data-send-to-victim]")
    o.click("#crime_reference")
    o.type("#crime_reference", REFERENCE)
    o.click("#recipient")
    o.type("#recipient", MOBILE)
    o.click("button:has-text('Preview')")
    o.click("button[data-send]")
    o.expect_text("Message to victim: Sent")


@task("report out of date", role="officer")
def report_out_of_date(o):
    """Find support → a service → "what is wrong" typed → Report out of date → thanked."""
    o.open("/")
    o.click("button.govuk-service-navigation__toggle")
    o.click("nav >> text=Find support")
    o.click("#q")
    o.type("#q", "scam")
    o.click("button:has-text('Search')")
    o.click("[data-results] li >> nth=0 >> a")
    o.click("#note")
    note = "The phone number no longer works"
    o.type("#note", note)
    o.click("button:has-text('Report out of date')")
    o.expect_text("your report has gone")
    o.wrote_by_hand(note)
