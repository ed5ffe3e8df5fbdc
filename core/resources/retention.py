"""Referrals to the commissioned service keep the victim's details only as long as messages keep
victims' (``[retention] message_days``): then the name becomes initials and the contact is
cleared; the crime, needs and the service's answers stay (Right 4 and the chronology need them).
"""

from sqlalchemy import select

from core.models.partner import PartnerReferral
from core.victims.chronology import initials

CLEARED = "Cleared after the retention period"


def purge_partner_referrals(session, cutoff, now):
    """Clear the victim's details from referrals made before ``cutoff``; return how many.

    Called by :func:`core.retention.purge_expired` in its transaction.
    """
    old = session.scalars(select(PartnerReferral).where(PartnerReferral.made_at < cutoff,
                                                        PartnerReferral.purged_at.is_(None))).all()
    for referral in old:
        referral.victim_name, referral.contact, referral.purged_at = initials(referral.victim_name), CLEARED, now
    return len(old)
