"""Force-wide rate limits: a channel's sends per second hold across every web process and worker.

Built on the well-kept `limits <https://limits.readthedocs.io>`_ library with its moving-window
strategy. The counts live in Redis when one is configured (``MAD_RATE_LIMIT_URL``, else the Celery
broker when it is ``redis://``), so two workers on two hosts share one limit; otherwise (the
embedded dispatcher, or a RabbitMQ broker without Redis) in this process's memory. If Redis cannot
be reached, the limit falls back to this process's memory for that call rather than stop delivery.
Channel plugins get a limiter through :func:`core.toolkit.rate_limiter`.
"""

import logging
import os
import threading
import time

from limits import RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

RATE_LIMIT_ENV = "MAD_RATE_LIMIT_URL"
MEMORY = "memory://"
_storages = {}
_lock = threading.Lock()


def storage_url(config, environ=None):
    """Where the counts live: ``MAD_RATE_LIMIT_URL``, the broker if it is Redis, else memory."""
    environ = os.environ if environ is None else environ
    if environ.get(RATE_LIMIT_ENV):
        return environ[RATE_LIMIT_ENV]
    broker = config.broker_url or ""
    return broker if broker.startswith(("redis://", "rediss://")) else MEMORY


def per_second_item(per_second):
    """The ``limits`` item for ``per_second`` sends a second (below one: one per so many seconds)."""
    if per_second >= 1:
        return RateLimitItemPerSecond(int(round(per_second)))
    return RateLimitItemPerSecond(1, multiples=max(1, int(round(1 / per_second))))


def _storage(url):
    with _lock:
        if url not in _storages:
            _storages[url] = storage_from_string(url)
        return _storages[url]


class RateLimiter:
    """At most ``per_second`` calls of :meth:`wait` per second under ``name``, for the whole force.

    ``namespace`` keeps forces sharing one Redis apart (the instance's ``[dispatcher] queue``).
    """

    def __init__(self, url, namespace, name, per_second):
        self.url, self.namespace, self.name = url, namespace, name
        self.item = per_second_item(per_second)
        self.limiter = MovingWindowRateLimiter(_storage(url))
        self.fallback = MovingWindowRateLimiter(_storage(MEMORY)) if url != MEMORY else self.limiter

    def _try(self):
        try:
            return self.limiter.hit(self.item, self.namespace, self.name), self.limiter
        except Exception as exc:  # Redis is down: hold this process to the limit rather than stop
            log.warning("rate limit store unavailable; limiting this process only",
                        extra={"error": type(exc).__name__, "limit": self.name})
            return self.fallback.hit(self.item, self.namespace, self.name), self.fallback

    def wait(self, timeout=60.0):
        """Block until this caller may send one; return the seconds waited.

        Called by a channel before every request that creates a message. Raises TimeoutError
        after ``timeout`` seconds (the dispatcher then treats the send as a temporary failure).
        """
        started = time.monotonic()
        while True:
            allowed, limiter = self._try()
            if allowed:
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"rate limit {self.name} kept this send waiting over {timeout:g} s")
            try:
                reset = limiter.get_window_stats(self.item, self.namespace, self.name).reset_time
                pause = min(0.25, max(0.005, reset - time.time()))
            except Exception:
                pause = 0.05
            time.sleep(pause)


def rate_limiter(mad, name, per_second):
    """A :class:`RateLimiter` of ``per_second`` for ``name`` (say ``"sms_twilio"``), shared force-wide.

    Called by channel plugins when they are built. Returns a limiter whose :meth:`RateLimiter.wait`
    blocks until a send is allowed. Without a toolkit (``mad`` None: a channel built alone, in a
    test) the limit is this process's.
    """
    if mad is None:
        return RateLimiter(MEMORY, "mad", name, per_second)
    return RateLimiter(storage_url(mad.config), mad.config.dispatcher.get("queue", "mad"), name, per_second)
