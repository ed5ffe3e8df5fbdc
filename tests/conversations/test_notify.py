"""The officer in charge is emailed about a reply, without its words; a failure is retried, not lost."""

from sqlalchemy import select

from core import hookimpl
from core.conversations.notify import retry_due
from core.models import SandboxCapture
from core.toolkit import Channel, TemporaryFailure
from tests.conversations.conftest import reply, send, stored_reply


def captured_to(mad, address):
    with mad.session() as session:
        return session.scalars(select(SandboxCapture).where(SandboxCapture.recipient == address)).all()


def test_the_officer_is_emailed_without_the_replys_words(conv_app, make_user):
    app = conv_app()
    mad = app.extensions["mad"]
    officer, _ = make_user(app, email="pc.jones@example.org")
    send(mad, user=officer)

    reply_id, _ = reply(mad, "My new address is 4 Sample Street")

    [email] = captured_to(mad, "pc.jones@example.org")
    assert email.subject == "A victim replied about crime 06/123456/26"
    assert "Sign in to the MaD Toolkit" in email.body and "Sample Street" not in email.body
    assert stored_reply(mad, reply_id).notified_at is not None


def test_stop_help_and_unmatched_replies_send_no_officer_email(conv_app, make_user):
    app = conv_app()
    mad = app.extensions["mad"]
    officer, _ = make_user(app, email="pc.jones@example.org")
    send(mad, user=officer)
    reply(mad, "HELP")
    reply(mad, "Who is this?", sender="+447700900777")
    assert captured_to(mad, "pc.jones@example.org") == []


class BrokenMail(Channel):
    name, kind = "broken_mail", "email"

    def __init__(self):
        self.fail = True
        self.sent = []

    def send(self, message):
        if self.fail:
            raise TemporaryFailure("The mail relay is not answering")
        self.sent.append(message)


class BrokenMailPlugin:
    def __init__(self, channel):
        self.channel = channel

    @hookimpl
    def register_channels(self, mad):
        return [self.channel]


def test_a_notification_that_fails_is_kept_and_sent_later(make_mad_app, make_user):
    channel = BrokenMail()
    app = make_mad_app(plugins=[BrokenMailPlugin(channel)])
    mad = app.extensions["mad"]
    officer, _ = make_user(app, email="pc.jones@example.org")
    send(mad, user=officer)

    reply_id, _ = reply(mad, "Call me")
    failed = stored_reply(mad, reply_id)
    assert failed.notified_at is None and failed.notify_error == "The mail relay is not answering"

    channel.fail = False
    assert retry_due(mad) == 1
    assert stored_reply(mad, reply_id).notified_at is not None
    assert [m.recipient for m in channel.sent] == ["pc.jones@example.org"]
    assert retry_due(mad) == 0
