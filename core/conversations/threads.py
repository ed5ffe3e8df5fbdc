"""Reading conversations for the pages: a crime's messages and replies in order, new replies, the queue.

Called by the thin views in :mod:`core.web.conversations` and :mod:`core.web.crimes`. Replies
are victims' data: these functions are only called for signed-in users whose role may see them.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from core.db import utcnow
from core.models.conversations import InboundReply
from core.models.messages import Message
from core.records.references import normalise_reference


@dataclass(frozen=True)
class Turn:
    """One turn of a conversation: a message the force sent (``message``) or a reply (``reply``)."""

    at: datetime
    message: Message | None = None
    reply: InboundReply | None = None


def conversation(mad, reference, viewer_id=None):
    """The messages sent and replies received for crime ``reference``, oldest first.

    When ``viewer_id`` is the officer in charge of a reply, the reply is marked seen (it leaves
    their home page's list of new replies).
    """
    with mad.session() as session:
        sent = session.scalars(select(Message).where(Message.crime_reference == reference)).all()
        received = session.scalars(select(InboundReply).where(InboundReply.crime_reference == reference)).all()
        if viewer_id is not None:
            session.execute(update(InboundReply).where(
                InboundReply.crime_reference == reference, InboundReply.officer_id == viewer_id,
                InboundReply.seen_at.is_(None)).values(seen_at=utcnow()))
    turns = [Turn(m.created_at, message=m) for m in sent] + [Turn(r.received_at, reply=r) for r in received]
    return sorted(turns, key=lambda turn: turn.at)


def new_replies(mad, officer_id, limit=20):
    """Replies about the crimes of officer ``officer_id`` that they have not yet seen, newest first."""
    with mad.session() as session:
        return session.scalars(select(InboundReply).where(
            InboundReply.officer_id == officer_id, InboundReply.seen_at.is_(None))
            .order_by(InboundReply.received_at.desc()).limit(limit)).all()


def unmatched(mad, limit=200):
    """Replies that matched no message (the VSC queue), oldest first."""
    with mad.session() as session:
        return session.scalars(select(InboundReply).where(
            InboundReply.crime_reference.is_(None), InboundReply.purged_at.is_(None))
            .order_by(InboundReply.received_at).limit(limit)).all()


def attach(mad, reply_id, reference):
    """Attach reply ``reply_id`` to crime ``reference`` (chosen by an officer or a VSC).

    Returns ``(reference, problem)``: the crime reference it is now attached to, or None with
    what is wrong with the reference (checked like a send's), or ``(None, None)`` when there is no
    such reply. The officer in charge becomes whoever last messaged that crime's victim, if anyone.
    """
    check = mad.pm.hook.check_crime_reference(reference=normalise_reference(reference), mad=mad)
    if not check.ok:
        return None, check.problem
    reference = check.normalised or normalise_reference(reference)
    with mad.session() as session:
        reply = session.get(InboundReply, reply_id)
        if reply is None:
            return None, None
        latest = session.scalars(select(Message).where(Message.crime_reference == reference)
                                 .order_by(Message.created_at.desc()).limit(1)).first()
        others = [r for r in (reply.other_references or []) + [reply.crime_reference] if r and r != reference]
        reply.crime_reference, reply.other_references = reference, others or None
        reply.officer_id = latest.created_by_id if latest else None
        reply.message_id = latest.id if latest else None
        reply.seen_at = None
    return reference, None
