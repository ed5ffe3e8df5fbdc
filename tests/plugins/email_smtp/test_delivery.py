"""Email goes through the whole pipeline (store → dispatcher → SMTP → status) to a real aiosmtpd server."""

import dataclasses
import time

from sqlalchemy import select

from core.messaging.service import prepare, queue
from core.models import Message, RecordsEntry
from core.toolkit import Attachment
from tests.plugins.email_smtp.conftest import EMAIL_REQUEST, send_email


def load(mad, message_id):
    with mad.session() as session:
        return session.get(Message, message_id)


def test_an_email_arrives_once_as_text_and_html_with_its_message_id(email_app, smtp_server, database):
    mad = email_app(database=database).extensions["mad"]
    message_id = send_email(mad)

    mad.dispatcher.drain()

    stored = load(mad, message_id)
    assert stored.status == "sent" and stored.channel == "email_smtp"
    [arrived] = smtp_server.handler.received
    email = arrived["message"]
    assert arrived["rcpt_tos"] == ["victim@example.org"]
    assert email["Message-ID"] == f"<{message_id}@example.org>" == stored.provider_reference
    assert email["From"] == "Testshire Police <updates@example.org>"
    assert email["Reply-To"] == "victim-care@example.org"
    assert email["Subject"] == stored.subject
    assert email.get_content_type() == "multipart/alternative"
    assert "06/123456/26" in email.get_body(("plain",)).get_content()
    assert '<html lang="en" dir="ltr">' in email.get_body(("html",)).get_content()


def test_arabic_and_urdu_subjects_arrive_readable_and_right_to_left(email_app, smtp_server):
    mad = email_app().extensions["mad"]
    ids = [send_email(mad, locale="ar"), send_email(mad, locale="ur")]

    mad.dispatcher.drain()

    for message_id, (code, arrived) in zip(ids, zip(["ar", "ur"], smtp_server.handler.received)):
        stored = load(mad, message_id)
        email = arrived["message"]
        assert not stored.subject.isascii()
        assert email["Subject"] == stored.subject
        assert b"=?utf-8?" in arrived["raw"].split(b"\r\n\r\n", 1)[0]  # encoded on the wire, readable once parsed
        assert email["Content-Language"] == code
        assert f'<html lang="{code}" dir="rtl">' in email.get_body(("html",)).get_content()
        assert email.get_body(("plain",)).get_content().replace("\r\n", "\n").strip() == stored.body.strip()


def test_attachments_arrive_byte_for_byte(email_app, smtp_server):
    mad = email_app().extensions["mad"]
    leaflet = bytes(range(256)) * 40
    prepared = dataclasses.replace(prepare(mad, EMAIL_REQUEST),
                                   attachments=(Attachment("Support leaflet.pdf", "application/pdf", leaflet),))
    queue(mad, prepared, None)

    mad.dispatcher.drain()

    email = smtp_server.handler.received[0]["message"]
    [part] = list(email.iter_attachments())
    assert part.get_filename() == "Support leaflet.pdf"
    assert part.get_content_type() == "application/pdf"
    assert part.get_content() == leaflet
    assert email.get_body(("html",)) is not None


def test_a_4xx_reply_is_retried_and_the_email_arrives_once(email_app, smtp_server):
    mad = email_app().extensions["mad"]
    smtp_server.handler.rcpt_replies = ["451 4.3.0 Try again later"]
    smtp_server.handler.data_replies = ["452 4.3.1 Insufficient storage"]
    message_id = send_email(mad)

    mad.dispatcher.drain()

    stored = load(mad, message_id)
    assert stored.status == "sent" and stored.attempts == 3
    assert smtp_server.handler.message_ids() == [f"<{message_id}@example.org>"]


def test_a_5xx_reply_fails_the_email_with_a_reason_in_the_records_entry(email_app, smtp_server):
    mad = email_app().extensions["mad"]
    smtp_server.handler.rcpt_replies = ["550 5.1.1 <victim@example.org>: mailbox unknown"]
    message_id = send_email(mad)

    mad.dispatcher.drain()

    stored = load(mad, message_id)
    assert stored.status == "failed" and stored.attempts == 1
    assert "550 5.1.1" in stored.failure_reason and "Check the email address" in stored.failure_reason
    assert "victim@example.org" not in stored.failure_reason  # the server's text may hold the address: not kept
    with mad.session() as session:
        entry = session.scalar(select(RecordsEntry).where(RecordsEntry.message_id == message_id))
    assert entry.entry_type == "message_failed" and entry.text.startswith("NOT DELIVERED: ")
    assert smtp_server.handler.received == []


def test_server_down_and_up_mid_batch_delivers_every_email_exactly_once(email_app, smtp_server, database):
    mad = email_app(database=database).extensions["mad"]
    first = [send_email(mad, recipient=f"victim{i}@example.org") for i in range(5)]
    mad.dispatcher.drain()
    smtp_server.stop()
    second = [send_email(mad, recipient=f"victim{i}@example.org") for i in range(5, 12)]

    mad.dispatcher.run_once()  # every attempt meets a closed port
    assert {load(mad, i).status for i in second} == {"queued"}
    assert "Could not connect to the email server" in load(mad, second[0]).failure_reason

    smtp_server.start()
    mad.dispatcher.drain()

    assert {load(mad, i).status for i in first + second} == {"sent"}
    arrived = smtp_server.handler.message_ids()
    assert sorted(arrived) == sorted(f"<{i}@example.org>" for i in first + second)


def test_an_answer_lost_after_the_message_went_is_not_resent(email_app, smtp_server):
    mad = email_app().extensions["mad"]
    smtp_server.handler.data_replies = ["drop"]
    lost, after = send_email(mad), send_email(mad, recipient="second@example.org")

    mad.dispatcher.drain()

    stored = load(mad, lost)
    assert stored.status == "unknown" and "not sent again by itself" in stored.failure_reason
    assert stored.failure_reason.startswith("May have been delivered: check with the victim before sending again")
    assert load(mad, after).status == "sent"
    assert smtp_server.handler.message_ids() == [f"<{lost}@example.org>", f"<{after}@example.org>"]


def test_an_internationalised_address_is_delivered_with_smtputf8(email_app, smtp_server):
    mad = email_app().extensions["mad"]
    message_id = send_email(mad, recipient="أحمد@example.org")

    mad.dispatcher.drain()

    assert load(mad, message_id).status == "sent"
    [arrived] = smtp_server.handler.received
    assert arrived["rcpt_tos"] == ["أحمد@example.org"]
    assert "To: أحمد@example.org\r\n".encode() in arrived["raw"]  # raw UTF-8, as SMTPUTF8 carries it


def test_server_stopped_and_restarted_while_the_dispatcher_is_mid_batch(make_mad_app, smtp_server, database):
    from core.testing import base_config
    from tests.plugins.email_smtp.conftest import smtp_settings

    config = base_config()
    config["dispatcher"].update(backoff_seconds=0.2, poll_seconds=0.05)
    app = make_mad_app(config=config, enabled=["email_smtp"], settings={"email_smtp": smtp_settings(smtp_server)},
                       database=database)
    mad = app.extensions["mad"]
    ids = [send_email(mad, recipient=f"victim{i}@example.org") for i in range(60)]

    mad.dispatcher.start()
    deadline = time.monotonic() + 30
    while len(smtp_server.handler.received) < 10 and time.monotonic() < deadline:
        time.sleep(0.005)
    smtp_server.stop()
    time.sleep(0.5)
    smtp_server.start()
    while time.monotonic() < deadline and any(load(mad, i).status in ("queued", "sending") for i in ids):
        time.sleep(0.05)
    mad.dispatcher.stop()

    arrived = smtp_server.handler.message_ids()
    assert len(arrived) == len(set(arrived)), "an email arrived twice"
    for message_id in ids:
        stored = load(mad, message_id)
        assert stored.status in ("sent", "unknown"), stored.status
        if stored.status == "sent":
            assert arrived.count(f"<{message_id}@example.org>") == 1
        else:  # only an email whose answer was lost as the server went down: never resent
            assert "not sent again by itself" in stored.failure_reason
    assert sum(load(mad, i).status == "sent" for i in ids) >= 58


def test_one_connection_carries_a_batch_and_a_new_one_is_opened_after_a_restart(email_app, smtp_server):
    mad = email_app().extensions["mad"]
    for i in range(5):
        send_email(mad, recipient=f"victim{i}@example.org")
    mad.dispatcher.drain()
    smtp_server.stop()
    smtp_server.start()
    after = send_email(mad, recipient="after@example.org")
    mad.dispatcher.drain()

    peers = [arrived["peer"] for arrived in smtp_server.handler.received]
    assert len(set(peers[:5])) == 1  # five emails, one connection
    assert peers[5] != peers[0]  # the old connection was closed by the restart: reconnected, not failed
    assert load(mad, after).status == "sent" and load(mad, after).attempts == 1


def test_an_email_left_sending_by_a_killed_dispatcher_may_have_been_delivered_and_is_not_resent(email_app, smtp_server):
    from datetime import timedelta

    from sqlalchemy import update

    from core.db import utcnow

    mad = email_app().extensions["mad"]
    message_id = send_email(mad)
    with mad.session() as session:
        session.execute(update(Message).where(Message.id == message_id)
                        .values(status="sending", attempts=1, claimed_at=utcnow() - timedelta(hours=1)))

    mad.dispatcher.drain()

    stored = load(mad, message_id)
    assert stored.status == "unknown" and "check with the victim before sending again" in stored.failure_reason
    assert smtp_server.handler.received == []
