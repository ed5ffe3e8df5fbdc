"""Officer task through the resources library on a 390 px phone: find the burglary prevention
leaflet by crime type and send it to the victim by text in one press."""

from benchmarks.officer_time import task

REFERENCE = "06/123456/26"
MOBILE = "07700900123"


@task("send a resource", role="officer")
def send_a_resource(o):
    """Resources → crime type Burglary → Find → Send to victim → reference, text, number → Send → sent."""
    o.open("/")
    o.click("button.govuk-service-navigation__toggle")  # the phone's Menu
    o.click("nav >> text=Resources")
    o.choose("#crime_type", "burglary")
    o.click("button:has-text('Find resources')")
    o.click("[data-results] li:has-text('Keeping your home safe after a burglary') >> [data-send-resource]")
    # the text the victim receives (the summary and its link), once typed by hand
    sent = o.page.locator(".govuk-details__text p[lang='en']").first.text_content().replace("Text:", "", 1).strip()
    links = o.page.locator(".govuk-details__text p:has-text('Links:')")
    link = links.first.text_content().replace("Links:", "").split(",")[0].strip() if links.count() else ""
    o.wrote_by_hand(sent + ("\n" + link if link else ""))
    o.click("#crime_reference")
    o.type("#crime_reference", REFERENCE)
    o.choose("#kind-sms")
    o.click("#recipient")
    o.type("#recipient", MOBILE)
    o.click("button:has-text('Send')")
    o.expect_text("Message to victim: Sent")
