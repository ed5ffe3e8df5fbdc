"""A test SMS channel that appends one line per send attempt to a file shared by every process.

Installed through the ``mad_toolkit`` entry-point group (the tests put this folder on the path of
the test process and of each Celery worker), so worker processes load it exactly as they would a
force's gateway plugin. Each send writes ``<message id> <process id>`` with a single ``O_APPEND``
write, halfway through a configurable delay, so a worker killed mid-send leaves either no line or
one, as a real gateway may or may not have received the request. Duplicates cannot hide: every
attempt is a line. ``lookup`` answers truthfully from the file, as a provider's API would.
"""

import os
import time

from marshmallow import Schema, fields, validate

from core import hookimpl
from core.toolkit import Channel, SendResult, TemporaryFailure


class Settings(Schema):
    log_path = fields.String(required=True)
    delay_seconds = fields.Float(load_default=0.0, validate=validate.Range(min=0, max=5))
    #: Answer every message's first attempt "busy" (a temporary failure, before anything is sent).
    fail_first_attempt = fields.Boolean(load_default=False)


class CountingChannel(Channel):
    name = "counting_sms"
    kind = "sms"

    def __init__(self, log_path, delay_seconds, fail_first_attempt):
        self.log_path = log_path
        self.delay = delay_seconds
        self.fail_first_attempt = fail_first_attempt

    def send(self, message):
        if self.fail_first_attempt and message.attempt == 1:
            raise TemporaryFailure("The gateway is busy")
        time.sleep(self.delay / 2)
        fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, f"{message.id} {os.getpid()}\n".encode())
        finally:
            os.close(fd)
        time.sleep(self.delay / 2)
        return SendResult(provider_reference=f"CT{message.id[:8]}")

    def lookup(self, message_id):
        try:
            with open(self.log_path, encoding="utf-8") as fh:
                found = any(line.split(" ", 1)[0] == message_id for line in fh)
        except FileNotFoundError:
            found = False
        return SendResult(provider_reference=f"CT{message_id[:8]}") if found else False


@hookimpl
def register_settings_schemas():
    return {"counting_sms": Settings}


@hookimpl
def register_channels(mad):
    settings = mad.plugin_settings("counting_sms")
    return [CountingChannel(settings["log_path"], settings["delay_seconds"], settings["fail_first_attempt"])]
