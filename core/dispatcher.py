"""The embedded dispatcher: one background thread working through the outboxes.

A thin driver (chosen by :func:`core.runtime.make_dispatcher`): claiming is
:mod:`core.messaging.claims`, delivering :mod:`core.messaging.outbox`. It delivers due messages,
then writes due records entries, then sweeps anything a crashed process left half-done (webhook
deliveries too, which it hands to their own sender thread so a slow receiver never holds up a
message), and sleeps until woken (a new message) or the poll interval passes.
Everything it knows is in the database, so stopping it, or the whole process, loses nothing.
"""

import logging
import threading
import time

from core.conversations.schedule import ConversationSchedule
from core.db import utcnow
from core.dispatch_state import outbox_depths
from core.messaging import outbox as messages
from core.records import outbox as records
from core.records.batch import write_batch
from core.compliance.refresh import REFRESH_EVERY_SECONDS, refresh
from core.retention import purge_expired
from core.webhooks import outbox as webhooks

log = logging.getLogger(__name__)

BATCH = 100
SWEEP_EVERY_SECONDS = 30
PURGE_EVERY_SECONDS = 3600


class Dispatcher:
    """Runs the outboxes for one :class:`core.runtime.Toolkit`."""

    def __init__(self, mad):
        self.mad = mad
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = None
        self._last_sweep = 0.0
        self._last_purge = 0.0
        self._last_refresh = 0.0
        self.last_run_at = None
        self.last_error = None
        self.conversations = ConversationSchedule(mad)
        self.webhooks = webhooks.Sender(mad)

    def run_once(self):
        """Deliver due messages and write due records entries once; return how many were handled.

        Called by the background thread, by ``mad dispatch`` and by tests.
        """
        handled = 0
        if time.monotonic() - self._last_sweep > SWEEP_EVERY_SECONDS:
            now = utcnow()
            handled += messages.sweep_stuck(self.mad, now) + records.sweep_stuck(self.mad, now)
            webhooks.sweep_stuck(self.mad, now)
            if webhooks.due_count(self.mad, now):  # stored before a restart, or freed by the sweep
                self.wake_webhooks()
            self._last_sweep = time.monotonic()
        handled += len(messages.deliver_due(self.mad, BATCH))
        with self.mad.session() as session:
            write_ids = records.due_write_ids(session, utcnow(), BATCH)
        handled += write_batch(self.mad, write_ids)  # one claim and one store per batch (core.records.batch)
        self.last_run_at = utcnow()
        return handled

    def drain(self, timeout=30.0):
        """Run until nothing is due (or ``timeout`` seconds pass); return how many were handled."""
        deadline = time.monotonic() + timeout
        total = 0
        while time.monotonic() < deadline:
            handled = self.run_once()
            total += handled
            if not handled:
                break
        return total

    def _loop(self):
        poll = self.mad.config.dispatcher["poll_seconds"]
        while not self._stop.is_set():
            try:
                while self.run_once():
                    if self._stop.is_set():
                        return
                self.last_error = None
            except Exception as exc:  # keep running: the database may be briefly unavailable
                self.last_error = type(exc).__name__
                log.exception("dispatcher run failed")
            if time.monotonic() - self._last_purge > PURGE_EVERY_SECONDS:
                try:
                    purge_expired(self.mad)
                    self._last_purge = time.monotonic()
                except Exception:
                    log.exception("retention purge failed")
            if time.monotonic() - self._last_refresh > REFRESH_EVERY_SECONDS:
                try:
                    refresh(self.mad)  # the figures' daily rollups, for what changed since the last refresh
                    self._last_refresh = time.monotonic()
                except Exception:
                    log.exception("figures refresh failed")
            self.conversations.tick()  # replies fetched, satisfaction checks, notifications retried
            self._wake.wait(poll)
            self._wake.clear()

    def start(self):
        """Start the background thread (``mad run`` does this)."""
        if self.running:
            return
        self._stop.clear()
        self._last_sweep = 0.0
        self._thread = threading.Thread(target=self._loop, name="mad-dispatcher", daemon=True)
        self._thread.start()

    def stop(self, timeout=10.0):
        """Stop the background thread after the item in hand."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    mode = "embedded"

    def wake(self, message_id=None):
        """Ask the thread to look at the outboxes now rather than at the next poll.

        Called (through :meth:`core.runtime.Toolkit.wake_dispatcher`) after a message is stored.
        """
        self._wake.set()

    def wake_webhooks(self):
        """Send the webhook deliveries that are due, in the sender's own thread (never this one).

        Called by the built-in ``track_event`` listener after it stores deliveries, and by each
        sweep that finds some due.
        """
        self.webhooks.start()

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def state(self):
        """What ``/healthz`` reports: running or not, queue depths, oldest queued age."""
        return {"mode": self.mode, "state": "running" if self.running else "stopped", **outbox_depths(self.mad),
                "last_run_at": self.last_run_at.isoformat() if self.last_run_at else None,
                "last_error": self.last_error}
