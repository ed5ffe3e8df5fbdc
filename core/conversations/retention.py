"""Retention for conversations: replies lose their sender and words after ``[retention] message_days``.

What stays: when a reply came, which crime and message it answered, the masked sender and its
keyword; a satisfaction check keeps its score (an aggregate) and loses the victim's own words.
Active opt-outs are kept: forgetting one would mean texting a victim who said STOP.
"""

from sqlalchemy import update

from core.models.conversations import InboundReply, SatisfactionCheck


def purge_replies(session, cutoff, now):
    """Clear victims' data from replies and satisfaction answers older than ``cutoff``; return how many.

    Called by :func:`core.retention.purge_expired` in its own transaction (``session``).
    """
    replies = session.execute(
        update(InboundReply).where(InboundReply.received_at < cutoff, InboundReply.purged_at.is_(None))
        .values(sender=None, body=None, purged_at=now)).rowcount
    session.execute(update(SatisfactionCheck).where(SatisfactionCheck.sent_at < cutoff,
                                                    SatisfactionCheck.follow_up_answer.is_not(None))
                    .values(follow_up_answer=None))
    return replies
