"""Victims' email replies are read from a real IMAP mailbox (pymap on loopback) with imapclient."""

from email.message import EmailMessage

import pytest
from sqlalchemy import select

from core.plugins import PluginError
from core.conversations.schedule import fetch
from core.models import InboundReply
from plugins.email_smtp.reply_text import own_words
from tests.plugins.email_smtp.conftest import send_email
from tests.plugins.email_smtp.imap_server import PASSWORD, USER, ImapServer


@pytest.fixture
def imap_server():
    server = ImapServer().start()
    yield server
    server.stop()


def imap_settings(server, **changes):
    return {"host": "127.0.0.1", "port": server.port, "security": "none", "username": USER,
            "password": {"$env": "MAD_TEST_IMAP_PASSWORD"}, "timeout_seconds": 5, **changes}


@pytest.fixture
def mailbox_app(email_app, imap_server, monkeypatch):
    monkeypatch.setenv("MAD_TEST_IMAP_PASSWORD", PASSWORD)

    def make(database="sqlite"):
        app = email_app(database=database, imap=imap_settings(imap_server))
        mad = app.extensions["mad"]
        send_email(mad)
        mad.dispatcher.drain()
        return app, mad

    return make


def victim_email(body, message_id="<reply-1@example.org>", sender="Victim <victim@example.org>", html=None):
    message = EmailMessage()
    message["From"], message["To"] = sender, USER
    message["Subject"] = "Re: Testshire Police: your crime reference"
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return bytes(message)


def stored(mad):
    with mad.session() as session:
        return session.scalars(select(InboundReply).order_by(InboundReply.received_at)).all()


def test_a_reply_in_the_mailbox_reaches_the_crime_and_is_flagged_seen(mailbox_app, imap_server, database):
    app, mad = mailbox_app(database)
    imap_server.deliver(victim_email(
        "Diolch! Can you ring me after 5? 🙂\n\nOn Tue, 2 Dec 2026 at 10:00, Testshire Police wrote:\n> Your crime "
        "reference is 06/123456/26."))

    assert fetch(mad) == 1

    [reply] = stored(mad)
    assert reply.channel == "email_smtp" and reply.kind == "email" and reply.sender == "victim@example.org"
    assert reply.body == "Diolch! Can you ring me after 5? 🙂" and reply.crime_reference == "06/123456/26"
    assert all(b"\\Seen" in flags for flags in imap_server.flags().values())
    assert fetch(mad) == 0


def test_a_message_read_twice_after_a_crash_is_stored_once(mailbox_app, imap_server):
    app, mad = mailbox_app()
    raw = victim_email("Please call", message_id="<same@example.org>")
    imap_server.deliver(raw)
    imap_server.deliver(raw)  # the same message again (the flag was never set: a crash)
    fetch(mad)
    assert len(stored(mad)) == 1


def test_stop_by_email_stops_emails(mailbox_app, imap_server):
    from core.messaging.service import SendInvalid, prepare
    from tests.plugins.email_smtp.conftest import EMAIL_REQUEST

    app, mad = mailbox_app()
    imap_server.deliver(victim_email("STOP", message_id=None))
    fetch(mad)
    with pytest.raises(SendInvalid) as caught:
        prepare(mad, EMAIL_REQUEST)
    assert "Send this message by text instead, or call the victim." in caught.value.errors["recipient"][0]


def test_an_html_only_reply_is_read_as_text(mailbox_app, imap_server):
    app, mad = mailbox_app()
    message = EmailMessage()
    message["From"], message["Message-ID"] = "victim@example.org", "<html@example.org>"
    message.set_content("<p>Thank you &amp; goodbye</p><blockquote>old</blockquote>", subtype="html")
    imap_server.deliver(bytes(message))
    fetch(mad)
    assert "Thank you & goodbye" in stored(mad)[0].body


def test_a_mailbox_that_cannot_be_reached_is_logged_and_tried_again(email_app, monkeypatch, caplog):
    monkeypatch.setenv("MAD_TEST_IMAP_PASSWORD", PASSWORD)
    app = email_app(imap={"host": "127.0.0.1", "port": 1, "security": "none", "username": USER,
                          "password": {"$env": "MAD_TEST_IMAP_PASSWORD"}, "timeout_seconds": 1})
    assert fetch(app.extensions["mad"]) == 0
    assert "fetching replies failed" in caplog.text


def test_an_unencrypted_mailbox_off_this_machine_is_refused_at_start_up(email_app, monkeypatch):
    monkeypatch.setenv("MAD_TEST_IMAP_PASSWORD", PASSWORD)
    with pytest.raises(PluginError) as caught:
        email_app(imap={"host": "imap.example.org", "security": "none", "username": USER,
                        "password": {"$env": "MAD_TEST_IMAP_PASSWORD"}})
    assert "imap" in str(caught.value) and "unencrypted" in str(caught.value)


@pytest.mark.parametrize(("text", "words"), [
    ("Yes please\n\nOn Mon, 1 Dec 2026, Testshire Police <updates@example.org> wrote:\n> Hello", "Yes please"),
    ("Iawn\n\nAr 1 Rhag 2026, ysgrifennodd Heddlu:\n> Helo", "Iawn"),
    ("OK\n-----Original Message-----\nFrom: x", "OK"),
    ("> quoted first\nmine", "mine"),
    ("شكرا جزيلا", "شكرا جزيلا"),
])
def test_only_the_victims_own_words_are_kept(text, words):
    assert own_words(text) == words
