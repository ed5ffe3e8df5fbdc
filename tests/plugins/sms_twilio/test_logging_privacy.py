"""No victim's number or text reaches the logs, whatever the log level, through Twilio sends and lookups."""

import logging

from tests.plugins.sms_twilio.conftest import send_sms
from tests.plugins.sms_twilio.test_status_callback import post_receipt, receipt


def test_sends_lookups_failures_and_receipts_log_ids_only(sms_app, twilio, caplog):
    caplog.set_level(logging.DEBUG)
    app = sms_app()
    mad = app.extensions["mad"]
    twilio.script = ["hang-after-create", (400, 21610), "500"]
    for number in ("07700 900123", "07700 900124", "07700 900125"):
        send_sms(mad, recipient=number)
    mad.dispatcher.drain()
    post_receipt(app.test_client(), twilio.messages[0], receipt(twilio.messages[0], "undelivered", 30003))

    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "ambiguous" in logged and "message failed" in logged  # the events were logged, by id
    for secret in ("7700900123", "7700900124", "7700900125", "7700 900", "PC 1234 Jones", "your crime reference"):
        assert secret not in logged, secret
