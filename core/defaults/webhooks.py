"""Built-in: the integrator events, stored in the webhooks outbox for each subscribed endpoint.

Registered by the toolkit (``core.runtime``) as a plugin on the event hooks, like any listener a
force's plugin could add; nothing is sent in the caller's thread.
"""

from core import hookimpl
from core.webhooks.outbox import Sender, enqueue


class WebhookEvents:
    """Listens to every integrator event and queues its signed deliveries."""

    def __init__(self, mad):
        self.mad = mad
        self.sender = Sender(mad)

    def _queue(self, event):
        if enqueue(self.mad, event):
            self.sender.start()

    @hookimpl
    def message_queued(self, event):
        self._queue(event)

    @hookimpl
    def message_sent(self, event):
        self._queue(event)

    @hookimpl
    def message_failed(self, event):
        self._queue(event)

    @hookimpl
    def records_entry_written(self, event):
        self._queue(event)

    @hookimpl
    def records_entry_failed(self, event):
        self._queue(event)

    @hookimpl
    def referral_made(self, event):
        self._queue(event)

    @hookimpl
    def care_log_completed(self, event):
        self._queue(event)
