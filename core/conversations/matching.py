"""Which message a reply answers: the latest sent to that number or address, and its crime.

Victims do not quote crime references, so a reply is matched by who sent it. A number that
received messages about more than one crime is matched to the latest, and the other crimes are
kept beside the reply so the officer is asked whether it belongs elsewhere.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from core.constants import ChannelKinds
from core.models.messages import Message


@dataclass(frozen=True)
class Match:
    """The message a reply answers (or None) and the other crimes the sender heard about."""

    message: Message | None
    other_references: tuple = ()

    @property
    def crime_reference(self):
        return self.message.crime_reference if self.message is not None else None


def _to_sender(kind, sender):
    if kind == ChannelKinds.EMAIL:
        return func.lower(Message.recipient) == sender.lower()
    return Message.recipient == sender


def match(session, kind, sender):
    """Find the message reply-from-``sender`` answers, in ``session``; return a :class:`Match`.

    Called by :func:`core.conversations.inbound.receive`. Only messages still holding their
    recipient (not yet cleared by retention) can be matched.
    """
    if not sender:
        return Match(None)
    sent = (select(Message).where(Message.kind == kind, _to_sender(kind, sender))
            .order_by(Message.created_at.desc(), Message.id.desc()))
    latest = session.scalars(sent.limit(1)).first()
    if latest is None:
        return Match(None)
    references = session.scalars(
        select(Message.crime_reference).where(Message.kind == kind, _to_sender(kind, sender))
        .group_by(Message.crime_reference).order_by(func.max(Message.created_at).desc())
    ).all()
    return Match(latest, tuple(r for r in references if r != latest.crime_reference))
