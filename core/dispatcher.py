"""The embedded dispatcher: one background thread working through both outboxes.

It delivers due messages, then writes due records entries, then sweeps anything a crashed
process left half-done, and sleeps until woken (a new message) or the poll interval passes.
Everything it knows is in the database, so stopping it, or the whole process, loses nothing.
"""

import logging
import threading
import time

from sqlalchemy import func, select

from core.constants import MessageStatus, WriteStatus
from core.db import utcnow
from core.messaging import outbox as messages
from core.models.messages import Message
from core.models.records import RecordsWrite
from core.records import outbox as records
from core.retention import purge_expired

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
        self.last_run_at = None
        self.last_error = None

    def run_once(self):
        """Deliver due messages and write due records entries once; return how many were handled.

        Called by the background thread, by ``mad dispatch`` and by tests.
        """
        handled = 0
        if time.monotonic() - self._last_sweep > SWEEP_EVERY_SECONDS:
            now = utcnow()
            handled += messages.sweep_stuck(self.mad, now) + records.sweep_stuck(self.mad, now)
            self._last_sweep = time.monotonic()
        with self.mad.session() as session:
            message_ids = messages.due_message_ids(session, utcnow(), BATCH)
        for message_id in message_ids:
            handled += messages.deliver(self.mad, message_id)
        with self.mad.session() as session:
            write_ids = records.due_write_ids(session, utcnow(), BATCH)
        for write_id in write_ids:
            handled += records.write(self.mad, write_id)
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

    def wake(self):
        """Ask the thread to look at the outboxes now rather than at the next poll."""
        self._wake.set()

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def state(self):
        """What ``/healthz`` reports: running or not, queue depths, oldest queued age."""
        with self.mad.session() as session:
            queued = session.scalar(select(func.count()).where(Message.status.in_(MessageStatus.PENDING))) or 0
            oldest = session.scalar(select(func.min(Message.created_at)).where(Message.status.in_(MessageStatus.PENDING)))
            pending_writes = session.scalar(
                select(func.count()).where(RecordsWrite.status.in_((WriteStatus.PENDING, WriteStatus.WRITING)))
            ) or 0
        return {
            "state": "running" if self.running else "stopped",
            "messages_pending": queued,
            "oldest_pending_seconds": round((utcnow() - oldest).total_seconds(), 1) if oldest else None,
            "records_writes_pending": pending_writes,
            "last_run_at": self.last_run_at.isoformat() if self.last_run_at else None,
            "last_error": self.last_error,
        }
