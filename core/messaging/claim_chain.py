"""Chained claims: a batch of due messages read in one query, claimed one at a time for free.

The embedded dispatcher on SQLite reads a batch of due messages (with their attachments) in one
query without claiming them, claims the first on its own, and then claims each next message in
the same transaction that stores the previous message's outcome. So every message is claimed
(durably, before it is sent) and every outcome stored (durably, before the message could be
handed out again) exactly as when each had its own transactions, at one commit per message
instead of two or three, and a crash can only ever leave the message in hand in ``sending``:
the rest of the batch is still ``queued`` and is simply delivered later, never failed as
"outcome unknown" for want of a channel that can be asked.
"""

from collections import deque

from sqlalchemy import bindparam, select

from core.constants import MessageStatus
from core.db import utcnow
from core.models.messages import Message


def pick_due(mad, now, limit):
    """Read (without claiming) up to ``limit`` queued messages due at ``now``, oldest first.

    Called by :func:`core.dispatcher.deliver_due`; returns detached :class:`Message` rows with
    their attachments loaded, to be claimed one by one through a :class:`ClaimChain`.
    """
    with mad.session() as session:
        return session.scalars(
            select(Message)
            .where(Message.status == MessageStatus.QUEUED, Message.next_attempt_at <= now)
            .order_by(Message.next_attempt_at, Message.id)
            .limit(limit)
        ).all()


_MESSAGES = Message.__table__
_NOW = bindparam("m_now", type_=_MESSAGES.c.claimed_at.type)
#: The claim, built once (the dispatcher runs it for every message): only while the row is as read.
_CLAIM = (
    _MESSAGES.update()
    .where(_MESSAGES.c.id == bindparam("m_id"), _MESSAGES.c.status == MessageStatus.QUEUED,
           _MESSAGES.c.attempts == bindparam("m_attempts"), _MESSAGES.c.next_attempt_at <= _NOW)
    .values(status=MessageStatus.SENDING, claimed_at=_NOW, attempts=_MESSAGES.c.attempts + 1)
    .returning(_MESSAGES.c.attempts)
)


def claim_on(connection, message, now):
    """Claim ``message`` (queued → sending) on ``connection``, inside the caller's transaction.

    Only while the row is as it was read: still queued, due, and not claimed by anyone since
    (same ``attempts``), so what is sent is what was read. True if this caller won it; then
    ``message`` is updated in memory to the claim just made (status, ``claimed_at``, attempts),
    the values its outcome will be stored under.
    """
    won = connection.execute(_CLAIM, {"m_id": message.id, "m_attempts": message.attempts, "m_now": now}).scalar()
    if won is None:
        return False
    message.status, message.claimed_at, message.attempts = MessageStatus.SENDING, now, won
    return True


class ClaimChain:
    """Claims the messages of a picked batch one at a time, each inside a transaction already open.

    Called (as ``then``) by :func:`core.messaging.outbox._finish` in the transaction that stores
    an outcome, or by :func:`core.dispatcher.deliver_due` in a transaction of its own. After a
    call, :attr:`next` is the message claimed (None when the batch is used up) and :attr:`ran`
    is True; messages someone else claimed meanwhile are skipped.
    """

    def __init__(self, messages):
        self.waiting = deque(messages)
        self.next = None
        self.ran = False

    def __call__(self, connection):
        self.ran, self.next = True, None
        now = utcnow()
        while self.waiting:
            message = self.waiting.popleft()
            if claim_on(connection, message, now):
                self.next = message
                return

    def take(self):
        """Hand over the message claimed last (or None) and get ready for the next call."""
        message, self.next, self.ran = self.next, None, False
        return message


class NextDueChain:
    """Claims the next due message, whichever it is, inside a transaction already open (PostgreSQL).

    Used by :func:`core.dispatcher.deliver_due` where Celery workers run side by side: each claim
    picks the oldest due message with ``FOR UPDATE SKIP LOCKED`` (so concurrent workers never wait
    on each other nor take the same message) and is made in the transaction that stores the
    previous outcome, exactly like :class:`ClaimChain`. A worker killed mid-batch therefore holds
    only the message in hand; the rest of its batch was never claimed and goes to other workers at
    once instead of waiting for the lease. ``first`` (a delivery task's own message) is claimed
    first, due yet or not; if someone else has it, nothing is claimed. At most ``limit`` in all.
    """

    def __init__(self, limit, first=None):
        self.left = limit
        self.first = first
        self.next = None
        self.ran = False

    @property
    def waiting(self):
        """True while this chain may still claim another message."""
        return self.left > 0

    def __call__(self, connection):
        from sqlalchemy.orm import Session

        self.ran, self.next = True, None
        if self.left <= 0:
            return
        now = utcnow()
        if self.first is not None:
            which, self.first = self.first, None
            claimed = connection.execute(_CLAIM_ANY, {"m_id": which, "m_now": now}).scalar()
            if claimed is None:
                self.left = 0
                return
        else:
            picked = connection.execute(
                select(_MESSAGES.c.id)
                .where(_MESSAGES.c.status == MessageStatus.QUEUED, _MESSAGES.c.next_attempt_at <= now)
                .order_by(_MESSAGES.c.next_attempt_at, _MESSAGES.c.id)
                .limit(1).with_for_update(skip_locked=True)).scalar()
            if picked is None:
                self.left = 0
                return
            claimed = connection.execute(_CLAIM_ANY, {"m_id": picked, "m_now": now}).scalar()
            if claimed is None:
                return
        with Session(bind=connection, expire_on_commit=False) as session:
            message = session.get(Message, claimed)
            list(message.attachments)
            session.expunge(message)
        self.left -= 1
        self.next = message

    def take(self):
        """Hand over the message claimed last (or None) and get ready for the next call."""
        message, self.next, self.ran = self.next, None, False
        return message


#: Claim one queued message by id, whatever its attempts or due time (the picker checked those).
_CLAIM_ANY = (
    _MESSAGES.update()
    .where(_MESSAGES.c.id == bindparam("m_id"), _MESSAGES.c.status == MessageStatus.QUEUED)
    .values(status=MessageStatus.SENDING, claimed_at=_NOW, attempts=_MESSAGES.c.attempts + 1)
    .returning(_MESSAGES.c.id)
)
