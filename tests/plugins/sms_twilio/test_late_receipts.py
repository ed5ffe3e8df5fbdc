"""A late Twilio receipt settles a text left "may have been delivered", and PoliceWorks hears the outcome.

Real parts: the Twilio stand-in creates the text and the receipt is signed as Twilio signs it; the
PoliceWorks simulator receives both chronology entries through the records outbox.
"""

import pytest

from core.db import utcnow
from core.messaging.claims import claim
from core.messaging.outbox import UNKNOWN_ENTRY_NOTE, mark_unknown, outbound
from core.messaging.service import prepare, queue
from tests.plugins.records_policeworks.conftest import PASSWORD, USERNAME, settings_for
from tests.plugins.records_policeworks.conftest import simulator  # noqa: F401 (the fixture)
from tests.plugins.sms_twilio.conftest import AUTH_TOKEN, SMS_REQUEST, load, twilio_settings
from tests.plugins.sms_twilio.test_status_callback import post_receipt, receipt

REFERENCE = SMS_REQUEST["crime_reference"]


@pytest.fixture
def records_and_texts(make_mad_app, twilio, simulator, monkeypatch):  # noqa: F811
    """An app sending texts through the Twilio stand-in and writing chronology to the simulator."""
    monkeypatch.setenv("MAD_TEST_TWILIO_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("POLICEWORKS_USERNAME", USERNAME)
    monkeypatch.setenv("POLICEWORKS_PASSWORD", PASSWORD)
    return make_mad_app(enabled=["sms_twilio", "records_policeworks"],
                        settings={"sms_twilio": twilio_settings(twilio),
                                  "records_policeworks": settings_for(simulator)})


def text_that_may_have_been_delivered(app, officer, twilio):
    """Store a text; a worker takes it and Twilio creates it, but the worker dies before keeping the
    answer and nobody can tell: the outbox marks it "may have been delivered" (as after a crash)."""
    mad = app.extensions["mad"]
    message, _ = queue(mad, prepare(mad, SMS_REQUEST), officer)
    with mad.db.transaction() as connection:
        claimed = claim(connection, utcnow(), message.id)
    mad.channels_by_name["sms_twilio"].send(outbound(claimed))
    assert mark_unknown(mad, claimed)
    mad.dispatcher.drain()
    return message.id, twilio.messages[-1]


@pytest.mark.parametrize("twilio_status, error_code, status, entry_type, first_line", [
    ("delivered", None, "delivered", "message_sent", "DELIVERED: the delivery receipt has come in"),
    ("undelivered", 30003, "failed", "message_failed", "NOT DELIVERED: The victim's phone"),
])
def test_a_late_receipt_settles_the_message_and_the_records_get_a_follow_up_entry(
        records_and_texts, twilio, simulator, signed_in, twilio_status, error_code, status, entry_type,  # noqa: F811
        first_line):
    app = records_and_texts
    mad = app.extensions["mad"]
    client, officer = signed_in(app, role="officer")
    message_id, created = text_that_may_have_been_delivered(app, officer, twilio)
    [written] = simulator.entries(REFERENCE)
    assert written.entry_type == "message_outcome_unknown" and written.text.startswith(UNKNOWN_ENTRY_NOTE)

    # Twilio's receipt arrives hours later; Twilio retries it, so it arrives twice.
    for _ in range(2):
        response = post_receipt(client, created, receipt(created, twilio_status, error_code))
        assert response.status_code == 204
    mad.dispatcher.drain()

    assert load(mad, message_id).status == status
    original, follow_up = simulator.entries(REFERENCE)
    assert original.entry_id == written.entry_id and original.text == written.text  # never rewritten
    assert follow_up.entry_type == entry_type and follow_up.text.startswith(first_line)
    assert "MAY HAVE BEEN DELIVERED" in follow_up.text.splitlines()[0]  # it says which entry it settles
    assert follow_up.text.splitlines()[1:] == written.text.splitlines()[1:]  # and what the message was
    page = client.get(f"/updates/{message_id}").get_data(as_text=True)
    assert f'data-message-status="{status}"' in page
    assert "may have been delivered" not in page.lower()
    assert ("Send again" in page) == (status == "failed")  # offered again only for a text that did not arrive
    crime = client.get(f"/crimes/{REFERENCE}").get_data(as_text=True)
    assert "May have been delivered" not in crime  # the status column and its reason
    assert crime.count("data-entry=") == 2
    home = client.get("/").get_data(as_text=True)
    assert "check with the victim before sending again" not in home
