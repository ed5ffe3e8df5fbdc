"""The ``track_event`` hook: one event class per thing that happened, fired through the plugin manager."""

import logging
import time

import pytest

from core import hookimpl
from core.toolkit import Event, MessageFailed, MessageSent
from core.webhooks.outbox import list_deliveries, register_endpoint
from tests.webhooks.receiver import Receiver


class Heard:
    name = "heard"

    def __init__(self):
        self.events = []

    @hookimpl
    def track_event(self, mad, event):
        self.events.append((mad, event))


class Broken:
    name = "broken"

    @hookimpl
    def track_event(self, event):
        raise RuntimeError("listener bug")


def test_track_event_hands_each_plugin_the_toolkit_and_the_event(make_mad_app):
    heard = Heard()
    mad = make_mad_app(plugins=[heard]).extensions["mad"]
    event = MessageFailed(message_id="m-1", crime_reference="06/123456/26", status="failed", reason="Bounced")

    assert mad.track_event(event) is event
    assert heard.events == [(mad, event)]
    assert event.name == "message_failed" and isinstance(event, Event)


def test_track_event_a_raising_listener_is_logged_and_the_built_in_webhooks_already_stored_theirs(
        make_mad_app, caplog):
    mad = make_mad_app(plugins=[Broken()]).extensions["mad"]
    receiver = Receiver()
    try:
        _id, receiver.secret = register_endpoint(mad, receiver.url, ["message_sent"], "admin")
        with caplog.at_level(logging.ERROR, logger="core.events"):
            mad.track_event(MessageSent(message_id="m-2", crime_reference="06/123456/26", status="sent"))
        assert "an event listener failed" in caplog.text
        (delivery,) = list_deliveries(mad)
        assert delivery.event_type == "message_sent" and delivery.payload["data"]["message_id"] == "m-2"
        deadline = time.monotonic() + 10
        while not receiver.received:  # the webhooks' own thread sends it
            assert time.monotonic() < deadline, "the partner never got the event"
            time.sleep(0.05)
        assert receiver.received[0][2] is True
    finally:
        receiver.close()


def test_a_raising_listener_does_not_stop_the_listeners_after_it(make_mad_app, caplog):
    heard = Heard()  # registered first, so pluggy calls it after the broken one
    mad = make_mad_app(plugins=[heard, Broken()]).extensions["mad"]
    event = MessageSent(message_id="m-4", crime_reference="06/123456/26", status="sent")

    with caplog.at_level(logging.ERROR, logger="core.events"):
        assert mad.track_event(event) is event

    assert heard.events == [(mad, event)]
    (failure,) = [record for record in caplog.records if record.getMessage() == "an event listener failed"]
    assert failure.listener == "broken" and failure.message_id == "m-4"


def test_an_event_carries_ids_and_states_only():
    event = MessageSent(message_id="m-3", crime_reference="06/123456/26", status="sent", extra={"note": "x"})
    assert event.ids_and_states() == {"crime_reference": "06/123456/26", "message_id": "m-3", "status": "sent"}
    with pytest.raises(TypeError):
        MessageSent(recipient="07700 900123")  # no field for a victim's details
