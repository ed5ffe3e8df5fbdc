"""Referrals keep children's details only as long as messages keep victims' (``[retention] message_days``).

After that a referral keeps its crime, district, summary, due time and notifications (what the
supervisors' figures need) and loses its form data and the PDFs its messages carried.
"""

from sqlalchemy import delete, select, update

from core.models.messages import MessageAttachment
from core.models.referrals import Referral, ReferralNotification


def purge_referrals(session, cutoff, now):
    """Clear personal data from referrals made before ``cutoff``; return how many.

    Called by :func:`core.retention.purge_expired` in its transaction.
    """
    old = select(Referral.id).where(Referral.created_at < cutoff, Referral.purged_at.is_(None))
    ids = session.scalars(old).all()
    if not ids:
        return 0
    messages = select(ReferralNotification.message_id).where(ReferralNotification.referral_id.in_(ids))
    session.execute(delete(MessageAttachment).where(MessageAttachment.message_id.in_(messages)))
    session.execute(update(Referral).where(Referral.id.in_(ids)).values(data=None, purged_at=now))
    return len(ids)
