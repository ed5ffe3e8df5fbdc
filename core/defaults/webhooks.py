"""Built-in: the integrator events, stored in the webhooks outbox for each subscribed endpoint.

Registered by the toolkit (``core.runtime``) as a plugin on the ``track_event`` hook, like any
listener a force's plugin could add. Nothing is sent in the caller's thread: the dispatcher is
woken (:meth:`core.dispatcher.Dispatcher.wake_webhooks`), which starts the webhook sender's thread
when embedded, or enqueues ``mad.deliver_webhooks`` for ``mad worker`` in celery mode; either
sweep picks up anything left over.
"""

import logging

from core import hookimpl
from core.webhooks.outbox import enqueue

log = logging.getLogger(__name__)


class WebhookEvents:
    """Listens to every integrator event and queues its signed deliveries."""

    #: Listed as a built-in on ``/-/plugins`` and by ``mad plugins``.
    __name__ = "core.defaults.webhooks"
    name = "webhooks"

    def __init__(self, mad):
        self.mad = mad

    @hookimpl(tryfirst=True)
    def track_event(self, event):
        """Queue a signed delivery of ``event`` for every endpoint subscribed to its type.

        Never raises: a failure to store is logged with the event's ids (the event itself is in
        the outbox or the records already), so the listeners after this one still hear of it.
        """
        try:
            queued = enqueue(self.mad, event)
        except Exception:
            log.exception("webhook deliveries could not be stored", extra={"event": event.name,
                                                                          "message_id": event.message_id})
            return
        if queued:
            self.mad.dispatcher.wake_webhooks()
