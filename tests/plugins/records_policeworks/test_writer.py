"""Entries go through the records outbox into the real PoliceWorks simulator: once each, whatever fails."""

from sqlalchemy import select, update

from core.db import utcnow
from core.messaging.service import prepare, queue
from core.models import RecordsEntry, RecordsWrite
from tests.factories import update_request

REQUEST = update_request(locale="cy")


def send(mad, **changes):
    message, _ = queue(mad, prepare(mad, {**REQUEST, **changes}), None)
    return message


def policeworks_writes(mad):
    with mad.session() as session:
        return session.scalars(select(RecordsWrite).where(RecordsWrite.writer == "policeworks")
                               .order_by(RecordsWrite.id)).all()


def time_passes(mad):
    """Every retry that is waiting becomes due (as if the backoff had run out)."""
    with mad.session() as session:
        session.execute(update(RecordsWrite).values(next_attempt_at=utcnow()))


def test_a_message_sent_lands_in_policeworks_with_its_text_meaning_and_details(policeworks_app, simulator, database):
    mad = policeworks_app(database=database).extensions["mad"]
    assert sorted(mad.writers) == ["local_audit", "policeworks"]
    message = send(mad)
    mad.dispatcher.drain()
    (write,) = policeworks_writes(mad)
    (stored,) = simulator.entries("06/123456/26")
    assert (write.status, write.external_id) == ("written", stored.records_id)
    with mad.session() as session:
        entry = session.scalar(select(RecordsEntry).where(RecordsEntry.message_id == message.id))
        assert stored.entry_id == entry.id and stored.text == entry.text
    assert "cyfeirnod eich trosedd yw 06/123456/26" in stored.text and "+4477009***23" in stored.text
    assert "your crime reference is 06/123456/26" in stored.english_text
    assert stored.entry_type == "message_sent" and stored.author == "system"
    assert {k: stored.details[k] for k in ("template", "channel", "channel_kind", "language", "recipient")} == {
        "template": "crime_reference_assigned", "channel": "sandbox_sms", "channel_kind": "sms", "language": "cy",
        "recipient": "+4477009***23"}


def test_an_outage_during_a_burst_of_sends_loses_nothing_and_doubles_nothing(policeworks_app, simulator, database):
    mad = policeworks_app(database=database).extensions["mad"]
    mad.config.dispatcher["backoff_seconds"] = 60.0
    simulator.set_mode("http500")  # PoliceWorks goes down: officers can still send (its default setting)
    messages = [send(mad, recipient=f"07700 900{n:03d}") for n in range(20)]
    mad.dispatcher.drain()
    waiting = policeworks_writes(mad)
    assert [w.status for w in waiting] == ["pending"] * 20
    assert {w.last_error for w in waiting} == {"PoliceWorks answered with an error page instead of SOAP (HTTP 5xx)"}
    assert simulator.entries() == []
    simulator.set_mode("fault", count=5)  # coming back: a few more faults first
    time_passes(mad)
    mad.dispatcher.drain()
    time_passes(mad)
    mad.dispatcher.drain()
    assert [w.status for w in policeworks_writes(mad)] == ["written"] * 20
    with mad.session() as session:
        entry_ids = set(session.scalars(select(RecordsEntry.id)).all())
    landed = [e.entry_id for e in simulator.entries("06/123456/26")]
    assert len(messages) == 20 and sorted(landed) == sorted(entry_ids)  # every entry once, none twice


def test_a_slow_server_times_out_and_the_retry_does_not_make_a_second_entry(policeworks_app, simulator):
    mad = policeworks_app(timeout_seconds=1.0).extensions["mad"]
    mad.config.dispatcher["backoff_seconds"] = 60.0
    send(mad)
    simulator.set_mode("slow", delay=2.0, count=1)
    mad.dispatcher.drain()
    (write,) = policeworks_writes(mad)
    assert (write.status, write.last_error) == ("pending", "PoliceWorks did not answer within 1 second")
    assert len(simulator.entries()) == 1  # it landed, but the answer came too late
    time_passes(mad)
    mad.dispatcher.drain()
    (write,) = policeworks_writes(mad)
    (stored,) = simulator.entries()
    assert (write.status, write.external_id, write.attempts) == ("written", stored.records_id, 2)


def test_an_unknown_crime_fails_the_write_for_good_and_the_local_audit_still_has_it(policeworks_app, simulator):
    mad = policeworks_app(check_crime_exists=False).extensions["mad"]
    send(mad, crime_reference="06/999999/26")
    mad.dispatcher.drain()
    with mad.session() as session:
        writes = {w.writer: (w.status, w.last_error, w.attempts) for w in session.scalars(select(RecordsWrite))}
    assert writes == {"policeworks": ("failed", "PoliceWorks has no crime with the reference 06/999999/26", 1),
                      "local_audit": ("written", None, 1)}
    assert simulator.entries() == []


def test_the_records_system_going_away_mid_burst_is_retried(policeworks_app, simulator):
    mad = policeworks_app().extensions["mad"]
    mad.config.dispatcher["backoff_seconds"] = 60.0
    for n in range(5):
        send(mad, recipient=f"07700 900{n:03d}")
    simulator.set_mode("timeout", delay=0.1, count=3)  # three calls answered 504 with nothing stored
    mad.dispatcher.drain()
    assert sorted(w.status for w in policeworks_writes(mad)) == ["pending"] * 3 + ["written"] * 2
    time_passes(mad)
    mad.dispatcher.drain()
    assert [w.status for w in policeworks_writes(mad)] == ["written"] * 5
    assert len({e.entry_id for e in simulator.entries()}) == len(simulator.entries()) == 5


def test_a_victims_stop_and_start_land_in_policeworks_as_their_own_entry_types(policeworks_app, simulator):
    from core.toolkit import InboundMessage, receive_inbound

    mad = policeworks_app().extensions["mad"]
    send(mad, locale="en")
    mad.dispatcher.drain()
    for word in ("STOP", "START"):
        receive_inbound(mad, InboundMessage(channel="sandbox_sms", kind="sms", provider_message_id=f"SM-{word}",
                                            sender="+447700900123", body=word))
        mad.dispatcher.drain()

    stored = {entry.entry_type: entry for entry in simulator.entries("06/123456/26")}
    assert "replied STOP: no more texts" in stored["victim_opted_out"].text
    assert "replied START: texts to them may be sent again" in stored["victim_opted_in"].text
    assert {write.status for write in policeworks_writes(mad)} == {"written"}
