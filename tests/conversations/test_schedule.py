"""The embedded dispatcher runs the conversations schedule: a closing text is followed by the check."""

import time

from core import hookimpl
from core.conversations.schedule import fetch
from tests.conversations.conftest import messages, send


def test_the_running_dispatcher_sends_the_satisfaction_check_after_a_closing_text(conv_app):
    mad = conv_app().extensions["mad"]
    send(mad, template="crime_closed_nfa")
    mad.dispatcher.start()
    deadline = time.monotonic() + 15
    while not [m for m in messages(mad, "satisfaction_check") if m.status == "sent"]:
        assert time.monotonic() < deadline, "the dispatcher never sent the satisfaction check"
        time.sleep(0.1)
    mad.dispatcher.stop()


class BrokenMailbox:
    @hookimpl
    def fetch_inbound(self, mad, receive):
        raise ConnectionRefusedError("mailbox down")


class CountingMailbox:
    @hookimpl
    def fetch_inbound(self, mad, receive):
        return 2


def test_one_mailbox_failing_does_not_stop_the_others(conv_app, caplog):
    mad = conv_app().extensions["mad"]
    mad.pm.register(BrokenMailbox())
    mad.pm.register(CountingMailbox())
    assert fetch(mad) == 2
    assert "fetching replies failed" in caplog.text
