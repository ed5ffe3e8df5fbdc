"""A victim's reply is stored once, matched to the latest message to that number, and its crime."""

import pytest

from core.events import ReplyReceived
from core import hookimpl
from core.conversations.schedule import fetch
from core.toolkit import InboundInvalid, InboundMessage
from tests.conversations.conftest import VICTIM_E164, replies, reply, send, stored_reply


def test_a_reply_is_matched_to_the_latest_message_to_that_number_and_its_crime(conv_app, database, make_user):
    app = conv_app(database=database)
    mad = app.extensions["mad"]
    officer, _ = make_user(app)
    send(mad, user=officer)
    latest = send(mad, template="investigation_update", user=officer,
                  fields={"officer_name": "PC 1234 Jones", "progress": "enquiries_continuing"})

    reply_id, created = reply(mad, "Can you call me after 5?")

    stored = stored_reply(mad, reply_id)
    assert created
    assert stored.message_id == latest.id and stored.crime_reference == "06/123456/26"
    assert stored.officer_id == officer.id and stored.other_references is None
    assert stored.body == "Can you call me after 5?" and stored.sender_masked == "+4477009***23"


def test_a_webhook_delivered_twice_stores_the_reply_once(conv_app, database):
    mad = conv_app(database=database).extensions["mad"]
    send(mad)
    first = reply(mad, "Thank you", provider_id="SM" + "1" * 32)
    again = reply(mad, "Thank you", provider_id="SM" + "1" * 32)
    assert first[1] is True and again == (first[0], False)
    assert len(replies(mad)) == 1


def test_a_number_that_heard_about_two_crimes_is_attached_to_the_latest_with_the_other_named(conv_app):
    mad = conv_app().extensions["mad"]
    send(mad, reference="06/111111/26")
    send(mad, reference="06/222222/26")

    stored = stored_reply(mad, reply(mad, "Is this about my bike?")[0])

    assert stored.crime_reference == "06/222222/26" and stored.other_references == ["06/111111/26"]


def test_a_reply_from_a_number_we_never_wrote_to_is_kept_unmatched(conv_app):
    mad = conv_app().extensions["mad"]
    stored = stored_reply(mad, reply(mad, "Who is this?", sender="+447700900555")[0])
    assert stored.crime_reference is None and stored.message_id is None and stored.body == "Who is this?"


@pytest.mark.parametrize("body", [
    "Thanks 👍🏽 see you Tuesday 🚲",
    "شكرا لكم، هل يمكنكم الاتصال بي بعد الساعة الخامسة؟",
    "Dziękuję, proszę zadzwonić po 17:00 – żółć",
    "谢谢你们的帮助",
    "Long reply " + "that came in several parts and was joined by the provider. " * 12,
])
def test_replies_in_any_script_emoji_and_several_parts_are_stored_exactly(conv_app, body):
    mad = conv_app().extensions["mad"]
    send(mad)
    assert stored_reply(mad, reply(mad, body)[0]).body == body


def test_a_reply_to_a_message_in_arabic_carries_the_language_for_the_interpreting_note(conv_app):
    mad = conv_app().extensions["mad"]
    send(mad, locale="ar")
    assert stored_reply(mad, reply(mad, "شكرا لكم")[0]).language == "ar"
    english = conv_app().extensions["mad"]
    send(english)
    assert stored_reply(english, reply(english, "Thanks, that's fine")[0]).language is None


def test_what_a_channel_hands_in_is_checked(conv_app):
    mad = conv_app().extensions["mad"]
    with pytest.raises(InboundInvalid) as caught:
        reply(mad, "hello", kind="fax", provider_id="x" * 300)
    assert set(caught.value.errors) == {"kind", "provider_message_id"}


class Mailbox:
    """A channel that fetches replies: hands in each once, marks it handled only after."""

    def __init__(self):
        self.waiting = [("<a@example.org>", "victim@example.org", "Please email me instead")]
        self.handled = []

    @hookimpl
    def fetch_inbound(self, mad, receive):
        count = 0
        for message_id, sender, body in list(self.waiting):
            receive(InboundMessage(channel="test_mailbox", kind="email", provider_message_id=message_id,
                                   sender=sender, body=body))
            self.handled.append(message_id)
            count += 1
        return count


def test_fetch_inbound_hands_replies_in_and_a_second_fetch_stores_nothing_new(conv_app):
    app = conv_app()
    mad = app.extensions["mad"]
    mailbox = Mailbox()
    mad.pm.register(mailbox)
    send(mad, kind="email", recipient="victim@example.org")

    assert fetch(mad) == 1
    assert fetch(mad) == 1  # the provider gave it again (not yet flagged): still one reply
    stored = replies(mad)
    assert len(stored) == 1 and stored[0].crime_reference == "06/123456/26" and stored[0].kind == "email"


class Listener:
    def __init__(self):
        self.events = []

    @hookimpl
    def track_event(self, event):
        if isinstance(event, ReplyReceived):
            self.events.append(event)


def test_reply_received_fires_once_with_ids_only(conv_app):
    mad = conv_app().extensions["mad"]
    listener = Listener()
    mad.pm.register(listener)
    send(mad)
    reply_id, _ = reply(mad, "Call me please", provider_id="SM" + "2" * 32)
    reply(mad, "Call me please", provider_id="SM" + "2" * 32)
    assert len(listener.events) == 1
    event = listener.events[0]
    assert event.extra == {"reply_id": reply_id} and event.crime_reference == "06/123456/26"
    assert VICTIM_E164 not in repr(event) and "Call me" not in repr(event)
