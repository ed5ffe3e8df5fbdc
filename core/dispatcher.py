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
from core.conversations.schedule import ConversationSchedule
from core.db import utcnow
from core.messaging import outbox as messages
from core.messaging.claim_chain import ClaimChain, NextDueChain, pick_due
from core.models.messages import Message
from core.models.records import RecordsWrite
from core.records import outbox as records
from core.records.batch import write_batch
from core.compliance.refresh import REFRESH_EVERY_SECONDS, refresh
from core.retention import purge_expired

log = logging.getLogger(__name__)

BATCH = 100
SWEEP_EVERY_SECONDS = 30
PURGE_EVERY_SECONDS = 3600


def deliver_due(mad, limit, first=None):
    """Deliver up to ``limit`` due messages; return the ids this caller claimed.

    Called by :meth:`Dispatcher.run_once` and the Celery tasks (``first``: a delivery task's own
    message, delivered first; nothing is delivered if someone else has it). Messages are claimed
    one at a time, each claim in the transaction storing the previous outcome: one commit per
    message, and a crash (a worker killed with SIGKILL) leaves at most the message in hand in
    ``sending``; the rest are still ``queued`` for any other worker at once, never held for the
    lease. On SQLite the batch is read in one query first (:class:`ClaimChain`); on PostgreSQL,
    where Celery workers run side by side, each claim takes the oldest due message with
    ``SKIP LOCKED`` (:class:`NextDueChain`), so workers neither wait on nor collide with each other.
    """
    if mad.db.dialect != "postgresql":
        return _deliver_chained(mad, limit, first)
    chain = NextDueChain(limit, first)
    with mad.db.transaction() as connection:
        chain(connection)
    return _work_through(mad, chain)


def _deliver_chained(mad, limit, first):
    """:func:`deliver_due` on SQLite: pick a batch, then claim each message as the last is finished."""
    if first is not None:
        with mad.session() as session:  # read, then claim in a transaction that starts by writing
            picked = session.get(Message, first)
        chain = ClaimChain([picked] if picked is not None else [])
        with mad.db.transaction() as connection:
            chain(connection)
        if chain.next is None:
            return []
        chain.waiting.extend(m for m in pick_due(mad, utcnow(), limit - 1) if m.id != first)
    else:
        while True:  # a batch another dispatcher took entirely while this one waited: read again
            picked = pick_due(mad, utcnow(), limit)
            chain = ClaimChain(picked)
            with mad.db.transaction() as connection:
                chain(connection)
            if chain.next is not None or not picked:
                break
    return _work_through(mad, chain)


def _work_through(mad, chain):
    """Deliver the message ``chain`` claimed, claiming the next as each outcome is stored; return their ids."""
    claimed = []
    while (message := chain.take()) is not None:
        claimed.append(message.id)
        messages.deliver_claimed(mad, message, then=chain if chain.waiting else None)
        if chain.waiting and not chain.ran:  # no outcome was stored (a failed lookup): claim on its own
            with mad.db.transaction() as connection:
                chain(connection)
    return claimed


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

    def run_once(self):
        """Deliver due messages and write due records entries once; return how many were handled.

        Called by the background thread, by ``mad dispatch`` and by tests.
        """
        handled = 0
        if time.monotonic() - self._last_sweep > SWEEP_EVERY_SECONDS:
            now = utcnow()
            handled += messages.sweep_stuck(self.mad, now) + records.sweep_stuck(self.mad, now)
            self._last_sweep = time.monotonic()
        handled += len(deliver_due(self.mad, BATCH))
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
            "mode": self.mode,
            "state": "running" if self.running else "stopped",
            "messages_pending": queued,
            "oldest_pending_seconds": round((utcnow() - oldest).total_seconds(), 1) if oldest else None,
            "records_writes_pending": pending_writes,
            "last_run_at": self.last_run_at.isoformat() if self.last_run_at else None,
            "last_error": self.last_error,
        }


def make_dispatcher(mad):
    """The dispatcher for ``mad``'s [dispatcher] mode. Called once by :class:`core.runtime.Toolkit`.

    Returns the embedded :class:`Dispatcher`, or in celery mode a
    :class:`core.celery_app.CeleryDispatcher` that hands work to ``mad worker`` processes.
    """
    if mad.config.dispatcher.get("mode") == "celery":
        from core.celery_app import CeleryDispatcher

        return CeleryDispatcher(mad)
    return Dispatcher(mad)
