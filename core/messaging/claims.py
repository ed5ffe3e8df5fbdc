"""Claiming: the one way a message leaves the queue (queued → sending) before it is sent.

A claim is one statement, made inside a transaction the caller already has open: a conditional
``UPDATE … WHERE id = (oldest due queued message) AND status = 'queued' RETURNING …``. So two
claimers never both win a message, the claim is durable (committed) before the send, and the
delivery loop (:func:`core.messaging.outbox.deliver_due`) makes each claim in the same
transaction that stores the previous message's outcome: one commit per message, and a crash
leaves at most the message in hand in ``sending`` (the rest are still ``queued`` for anyone, at
once, never held for the lease).

The one database-specific part is :func:`_oldest_due`: on PostgreSQL the pick takes its row
``FOR UPDATE SKIP LOCKED``, so concurrent workers neither wait on each other's locks nor collide;
on SQLite the UPDATE takes the database's single write lock before it reads, so a concurrent
claimer waits for it and then finds the next message.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from core.constants import MessageStatus
from core.crypto import keyring_of
from core.db import utcnow
from core.messaging.delivery import Attachment
from core.models.conversations import OptOut
from core.models.messages import Message, MessageAttachment

_MESSAGES = Message.__table__
_ATTACHMENTS = MessageAttachment.__table__
_NOW = bindparam("c_now", type_=_MESSAGES.c.claimed_at.type)

#: What a claim reads back: everything a send and its outcome need, and nothing else.
_RETURNED = (_MESSAGES.c.id, _MESSAGES.c.kind, _MESSAGES.c.channel, _MESSAGES.c.locale, _MESSAGES.c.recipient,
             _MESSAGES.c.subject, _MESSAGES.c.body, _MESSAGES.c.body_html, _MESSAGES.c.crime_reference,
             _MESSAGES.c.attempts, _MESSAGES.c.claimed_at, _MESSAGES.c.created_at, _MESSAGES.c.sender_name)


@dataclass
class ClaimedMessage:
    """A message this caller holds (status ``sending``), as read by its claim.

    ``claimed_at`` is the claim its outcome is stored under
    (:func:`core.messaging.outbox.mark_sent` and friends accept this or a stored ``Message``).
    """

    id: str
    kind: str
    channel: str
    locale: str
    recipient: str | None
    subject: str | None
    body: str | None
    body_html: str | None
    crime_reference: str
    attempts: int
    claimed_at: datetime
    created_at: datetime
    #: The commissioned service's own sender name, for its messages (None for the force's).
    sender_name: str | None = None
    attachments: tuple = ()
    #: True when the victim replied STOP to this kind of message, as read with the claim.
    opted_out: bool = False
    status: str = MessageStatus.SENDING


def _oldest_due(dialect):
    """The id of the oldest due queued message, as a subquery: the database-specific part, here only."""
    pick = (select(_MESSAGES.c.id)
            .where(_MESSAGES.c.status == MessageStatus.QUEUED, _MESSAGES.c.next_attempt_at <= _NOW)
            .order_by(_MESSAGES.c.next_attempt_at, _MESSAGES.c.id)
            .limit(1))
    if dialect == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    return pick.scalar_subquery()


def _claim(which):
    """The conditional UPDATE that moves message ``which`` from queued to sending, returning it."""
    return (_MESSAGES.update()
            .where(_MESSAGES.c.id == which, _MESSAGES.c.status == MessageStatus.QUEUED)
            .values(status=MessageStatus.SENDING, claimed_at=_NOW, attempts=_MESSAGES.c.attempts + 1)
            .returning(*_RETURNED))


#: The statements, built once (the delivery loop runs one per message).
_CLAIM_BY_ID = _claim(bindparam("c_id"))
_CLAIM_NEXT = {dialect: _claim(_oldest_due(dialect)) for dialect in ("postgresql", "sqlite")}
_OPT_OUTS = OptOut.__table__
_OPTED_OUT = (select(_OPT_OUTS.c.id)
              .where(_OPT_OUTS.c.kind == bindparam("c_kind"), _OPT_OUTS.c.address_hash == bindparam("c_hash"),
                     _OPT_OUTS.c.active.is_(True)).limit(1))
_ATTACHMENTS_OF = (select(_ATTACHMENTS.c.filename, _ATTACHMENTS.c.content_type, _ATTACHMENTS.c.data)
                   .where(_ATTACHMENTS.c.message_id == bindparam("c_id")).order_by(_ATTACHMENTS.c.id))


def claim(connection, now=None, message_id=None):
    """Claim one message on ``connection``, inside the caller's open transaction; return it or None.

    With ``message_id`` (a delivery task's own message) that message, due yet or not; otherwise
    the oldest due one. Returns a :class:`ClaimedMessage` with its attachments and whether the
    victim has opted out (read in the same transaction, so the outbox's last guard before the
    send costs no transaction of its own), or None when there is nothing to claim (or someone
    else holds the message). Called by :class:`NextClaim`
    and :func:`core.messaging.outbox.deliver`.
    """
    params = {"c_now": now or utcnow()}
    if message_id is None:
        statement = _CLAIM_NEXT.get(connection.dialect.name, _CLAIM_NEXT["sqlite"])
    else:
        statement, params["c_id"] = _CLAIM_BY_ID, message_id
    row = connection.execute(statement, params).first()
    if row is None:
        return None
    attachments = tuple(Attachment(*a) for a in connection.execute(_ATTACHMENTS_OF, {"c_id": row.id}))
    return ClaimedMessage(*row, attachments=attachments, opted_out=_opted_out(connection, row.kind, row.recipient))


def _opted_out(connection, kind, recipient):
    """True when ``recipient`` has an active opt-out of ``kind`` (as :func:`core.conversations.optouts.is_opted_out`)."""
    if not recipient:
        return False
    address_hash = keyring_of(connection.dialect).lookup_hash(recipient.strip())
    return connection.execute(_OPTED_OUT, {"c_kind": kind, "c_hash": address_hash}).first() is not None


class NextClaim:
    """Claims the next message inside a transaction already open (the one storing an outcome).

    Passed as ``then`` to :func:`core.messaging.outbox.deliver_claimed`, which calls it in the
    transaction that stores the outcome, so the claim costs no commit of its own. After a call,
    :attr:`message` is what was claimed (None when nothing was) and :attr:`ran` is True.
    ``message_id`` (the first call only) claims that message instead of the oldest due.
    """

    def __init__(self, message_id=None):
        self.message_id = message_id
        self.message = None
        self.ran = False

    def __call__(self, connection):
        self.message = claim(connection, utcnow(), self.message_id)
        self.message_id, self.ran = None, True

    def take(self):
        """Hand over the message claimed last (or None) and get ready for the next call."""
        message, self.message, self.ran = self.message, None, False
        return message
