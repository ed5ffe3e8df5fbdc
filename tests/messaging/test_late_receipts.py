"""A receipt for a message that may have been delivered settles it once, with one follow-up records entry."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from core.messaging.late_receipts import follow_up_text
from core.messaging.outbox import UNKNOWN_ENTRY_NOTE
from core.models import Message, RecordsEntry, RecordsWrite
from core.toolkit import record_delivery_status
from tests.messaging.test_outbox import ChannelPlugin, ScriptedChannel, send


def unknown_message(make_mad_app):
    """A message the dispatcher could not confirm (the channel timed out and cannot tell): ``unknown``."""
    channel = ScriptedChannel([TimeoutError("read timed out")], lookup_answer=None)
    plugin = ChannelPlugin(channel)
    mad = make_mad_app(plugins=[plugin]).extensions["mad"]
    message_id = send(mad)
    mad.dispatcher.drain()
    return mad, plugin, message_id


def stored(mad, message_id):
    with mad.session() as session:
        status = session.get(Message, message_id).status
        entries = session.scalars(select(RecordsEntry).where(RecordsEntry.message_id == message_id)
                                  .order_by(RecordsEntry.created_at)).all()
        writes = {e.id: session.scalars(select(RecordsWrite.status).where(RecordsWrite.entry_id == e.id)).all()
                  for e in entries}
    return status, entries, writes


def test_the_follow_up_says_the_outcome_then_the_message_without_the_unknown_note():
    original = f"{UNKNOWN_ENTRY_NOTE}\nYour crime reference is 06/123456/26."
    assert follow_up_text("delivered", original) == (
        "DELIVERED: the delivery receipt has come in for the message recorded earlier as MAY HAVE BEEN DELIVERED. "
        "The victim received it; do not send it again.\nYour crime reference is 06/123456/26.")
    assert follow_up_text("failed", original, "The victim's phone was unreachable (Twilio error 30003).") == (
        "NOT DELIVERED: The victim's phone was unreachable (Twilio error 30003). This settles the message "
        "recorded earlier as MAY HAVE BEEN DELIVERED: the victim did not receive it.\n"
        "Your crime reference is 06/123456/26.")


def test_two_receipts_at_once_settle_the_message_once_with_one_follow_up(make_mad_app):
    mad, plugin, message_id = unknown_message(make_mad_app)
    assert stored(mad, message_id)[0] == "unknown"

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: record_delivery_status(mad, message_id, "delivered"), range(4)))

    assert sorted(results) == [False, False, False, True]
    status, entries, writes = stored(mad, message_id)
    assert status == "delivered"
    assert [e.entry_type for e in entries] == ["message_outcome_unknown", "message_sent"]
    assert entries[1].text.startswith("DELIVERED: ")
    assert writes[entries[1].id] == ["pending"] * len(mad.writers)  # the records outbox takes it from here
    assert plugin.events.count(("sent", message_id)) == 1
    mad.dispatcher.drain()
    assert stored(mad, message_id)[2][entries[1].id] == ["written"] * len(mad.writers)


def test_a_failed_receipt_fails_it_and_a_later_delivered_receipt_changes_nothing(make_mad_app):
    mad, plugin, message_id = unknown_message(make_mad_app)

    assert record_delivery_status(mad, message_id, "failed", reason="The victim's phone was switched off")
    assert not record_delivery_status(mad, message_id, "delivered")

    status, entries, _ = stored(mad, message_id)
    assert status == "failed" and len(entries) == 2
    assert entries[1].entry_type == "message_failed"
    assert entries[1].text.startswith("NOT DELIVERED: The victim's phone was switched off. This settles")
    assert entries[0].text.startswith(UNKNOWN_ENTRY_NOTE)  # the first entry is left as it was written
