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


def test_mad_replies_sends_due_checks_from_the_command_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from core import create_app
    from core.cli import main
    from core.messaging.outbox import deliver
    from core.messaging.service import prepare, queue

    monkeypatch.setenv("MAD_SECRET_KEY", "k" * 40)
    instance = str(tmp_path / "instance")
    assert CliRunner().invoke(main, ["--instance", instance, "init"]).exit_code == 0
    mad = create_app(instance_path=instance).extensions["mad"]
    closing, _ = queue(mad, prepare(mad, {"crime_reference": "06/123456/26", "kind": "sms", "recipient": "07700 900123",
                                          "locale": "en", "template_id": "crime_closed_nfa",
                                          "fields": {"officer_name": "PC 1", "reason": "no_suspect"}}), None)
    deliver(mad, closing.id)

    result = CliRunner().invoke(main, ["--instance", instance, "replies"], catch_exceptions=False)

    assert "Fetched 0 replies; handled 1 satisfaction checks and notifications." in result.output
    assert [m.template_id for m in messages(mad, "satisfaction_check")] == ["satisfaction_check"]
    mad.db.dispose()
