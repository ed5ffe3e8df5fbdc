"""Keep a victim's details only as long as the force configures (``[care_log] retention_days``).

After that many days from recording, a victim keeps what compliance figures need (the crime
reference, the care log's answers and dates, contacts counted, the ring-back) and loses their name
(initials kept), mobile number, email address, communication needs and times to avoid, and the keyed
hashes of the number and address.
"""

from datetime import timedelta

from sqlalchemy import select

from core.db import utcnow
from core.models.victims import Victim
from core.victims.chronology import initials


def purge_victims(mad, now=None):
    """Clear the details of victims recorded before the retention period; return how many.

    Called by :func:`core.retention.purge_expired` (hourly, and by ``mad retention purge``).
    """
    now = now or utcnow()
    cutoff = (now - timedelta(days=mad.config.care_log["retention_days"])).date()
    with mad.session() as session:
        victims = session.scalars(select(Victim).where(Victim.recorded_on < cutoff, Victim.purged_at.is_(None))).all()
        for victim in victims:
            victim.name = initials(victim.name)
            victim.phone = victim.email = victim.communication_needs = victim.plan_avoid = None
            victim.phone_hash = victim.email_hash = None  # the listener keeps them so; cleared here too
            victim.purged_at = now
    return len(victims)
