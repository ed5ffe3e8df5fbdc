"""kombu's Redis transport, with one fix: an acknowledgement that fails still frees the worker's credit.

kombu 5.7's Redis ``QoS.ack`` removes the task from Redis's unacknowledged index first and only then
frees the prefetch credit; when Redis has gone away the removal raises ("Couldn't ack"), so the
credit is never freed. A worker whose every task in hand failed to acknowledge that way has no
credit left, kombu pauses its BRPOP connection (stops polling it), never sees that Redis closed
it, and takes no task again: after a Redis restart it sat idle until restarted. Here the credit is
freed whatever Redis answered (the task carried an id only; the database decides what is due).

Used by :func:`core.celery_app.make_celery` for ``redis://`` brokers (``broker_transport``).
"""

from kombu.transport import redis, virtual


class QoS(redis.QoS):
    """Redis acknowledgement emulation whose ``ack`` frees the credit even when Redis cannot be reached."""

    def ack(self, delivery_tag):
        """Acknowledge ``delivery_tag``: remove it from Redis's index, and free its credit in any case."""
        try:
            self._remove_from_indices(delivery_tag).execute()
        finally:
            virtual.QoS.ack(self, delivery_tag)


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    """kombu's Redis transport with :class:`QoS` (named in ``broker_transport`` by dotted path)."""

    Channel = Channel
