"""Built-in: the integrator events, stored in the webhooks outbox for each subscribed endpoint.

Registered by the toolkit (``core.runtime``) as a plugin on the event hooks, like any listener a
force's plugin could add; nothing is sent in the caller's thread.
"""

from core import hookimpl
from core.webhooks.outbox import EVENT_TYPES, Sender, enqueue


class WebhookEvents:
    """Listens to every integrator event and queues its signed deliveries."""

    def __init__(self, mad):
        self.mad = mad
        self.sender = Sender(mad)

    def _queue(self, event):
        if enqueue(self.mad, event):
            self.sender.start()


def _listener(name):
    def listen(self, event):
        self._queue(event)

    listen.__name__ = listen.__qualname__ = name
    listen.__doc__ = f"Queue a signed delivery of ``{name}`` for every endpoint subscribed to it."
    return hookimpl(listen)


# One listener per integrator event hook (every hook spec taking an ``event``), so a new event
# added to core/hookspecs.py can be subscribed to at once.
for _name in EVENT_TYPES:
    setattr(WebhookEvents, _name, _listener(_name))
