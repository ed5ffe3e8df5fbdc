"""Failures are loud and unknowns honest: the officer's home page, the force's list, the status page,
the crime page, "Send again", and /healthz."""

import pytest
from sqlalchemy import select

from core import hookimpl
from core.messaging.service import prepare, queue
from core.models import Message, RecordsEntry
from core.testing import csrf_from
from core.toolkit import Channel, PermanentFailure, SendResult
from tests.factories import update_request

REQUEST = update_request()
MAY_HAVE = "may have been delivered: check with the victim before sending again"


class StuckChannel(Channel):
    """An SMS gateway whose answers are scripted: "timeout" (it cannot tell), "refuse", else sent."""

    name = "stuck_sms"
    kind = "sms"

    def __init__(self):
        self.script = []
        self.sent = []

    def send(self, message):
        outcome = self.script.pop(0) if self.script else "ok"
        if outcome == "timeout":
            raise TimeoutError("read timed out")
        if outcome == "refuse":
            raise PermanentFailure("Twilio says the mobile number is not valid: check it with the victim (Twilio error 21211)")
        self.sent.append(message.recipient)
        return SendResult(provider_reference=f"SM{len(self.sent)}")

    def lookup(self, message_id):
        return None  # cannot tell

    @hookimpl
    def register_channels(self, mad):
        return [self]


@pytest.fixture
def gateway(make_mad_app):
    channel = StuckChannel()
    app = make_mad_app(plugins=[channel])
    return app, channel


def send_as(app, user, outcome):
    mad = app.extensions["mad"]
    channel = mad.channels_by_name["stuck_sms"]
    channel.script.append(outcome)
    message, _ = queue(mad, prepare(mad, REQUEST), user)
    mad.dispatcher.drain()
    return message.id


def test_an_unknown_outcome_is_said_honestly_on_every_page(gateway, signed_in):
    app, _channel = gateway
    client, officer = signed_in(app, role="officer")
    message_id = send_as(app, officer, "timeout")
    status = client.get(f"/updates/{message_id}").get_data(as_text=True)
    assert "This message may have been delivered: check with the victim before sending again." in status
    assert "could not be sent" not in status and "not delivered" not in status.lower()
    assert "Sending again may give the victim the same message twice." in status
    crime = client.get("/crimes/06/123456/26").get_data(as_text=True)
    assert "May have been delivered: check with the victim before sending again" in crime
    assert "MAY HAVE BEEN DELIVERED: check with the victim before sending again" in crime  # the records entry
    assert "NOT DELIVERED" not in crime
    home = client.get("/").get_data(as_text=True)
    assert "Needs your attention" in home and MAY_HAVE in home


def test_send_again_is_one_press_and_a_second_press_sends_nothing_more(gateway, signed_in):
    app, channel = gateway
    client, officer = signed_in(app, role="officer")
    message_id = send_as(app, officer, "timeout")
    page = client.get(f"/updates/{message_id}").get_data(as_text=True)
    token = csrf_from(page)
    first = client.post(f"/updates/{message_id}/send-again", data={"csrf_token": token})
    second = client.post(f"/updates/{message_id}/send-again", data={"csrf_token": token})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"] != f"/updates/{message_id}"
    app.extensions["mad"].dispatcher.drain()
    assert channel.sent == ["+447700900123"], "sent once more, not twice"
    with app.extensions["mad"].session() as session:
        statuses = sorted(session.scalars(select(Message.status)).all())
        entries = session.scalars(select(RecordsEntry)).all()
    assert statuses == ["sent", "unknown"] and len(entries) == 2
    new = client.get(first.headers["Location"]).get_data(as_text=True)
    assert 'data-message-status="sent"' in new


def test_send_again_is_refused_for_a_message_that_was_sent(gateway, signed_in):
    app, _channel = gateway
    client, officer = signed_in(app, role="officer")
    message_id = send_as(app, officer, "ok")
    page = client.get(f"/updates/{message_id}").get_data(as_text=True)
    assert "Send again" not in page
    token = csrf_from(client.get("/profile/").get_data(as_text=True))
    refused = client.post(f"/updates/{message_id}/send-again", data={"csrf_token": token})
    assert refused.status_code == 400
    assert "Not sent again: Only a message that failed, or may not have been delivered, can be sent again." in \
        refused.get_data(as_text=True)


def test_a_failed_message_is_on_its_senders_home_page_and_the_supervisors_list(gateway, signed_in):
    app, _channel = gateway
    client, officer = signed_in(app, role="officer")
    message_id = send_as(app, officer, "refuse")
    home = client.get("/").get_data(as_text=True)
    assert f'data-attention-message="{message_id}"' in home
    assert "not sent: Twilio says the mobile number is not valid: check it with the victim" in home
    other, _ = signed_in(app, role="officer")
    assert "Needs your attention" not in other.get(
        "/").get_data(as_text=True), "only the officer who sent it is told"
    supervisor, _ = signed_in(app, role="supervisor")
    assert "1 item in the force needs attention" in supervisor.get("/").get_data(as_text=True)
    listing = supervisor.get("/attention").get_data(as_text=True)
    assert f'data-message-id="{message_id}"' in listing and "Not sent: Twilio says the mobile number" in listing
    assert other.get("/attention").status_code == 403
    health = client.get("/healthz").get_json()["needs_attention"]
    assert (health["count"], health["messages_failed"], health["messages_outcome_unknown"]) == (1, 1, 0)
    assert health["oldest_seconds"] is not None


def test_healthz_reports_nothing_needing_attention_when_all_is_well(gateway, signed_in):
    app, _channel = gateway
    client, officer = signed_in(app, role="officer")
    send_as(app, officer, "ok")
    assert client.get("/healthz").get_json()["needs_attention"] == {
        "count": 0, "messages_failed": 0, "messages_outcome_unknown": 0, "records_writes_failed": 0,
        "oldest_seconds": None, "messages_counted_for_days": 7}
