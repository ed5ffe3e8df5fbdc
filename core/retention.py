"""Keep victims' details only as long as the force configures (``[retention] message_days``).

After that many days a message keeps what compliance figures need (template, channel, language,
status, timestamps, crime reference, masked recipient) and loses the recipient, the text and the
fields; sandbox captures are deleted; victims' replies lose their sender and words, and satisfaction
answers their follow-up text (the score stays, for the figures). The crime's chronology entries stay: they are the crime
record, with the recipient already masked, and the records system's own retention applies to it.
"""

import logging
from datetime import timedelta

from sqlalchemy import delete, update

from core.constants import MessageStatus
from core.conversations.retention import purge_replies
from core.db import utcnow
from core.models.messages import Message
from core.models.sandbox import SandboxCapture
from core.referrals.retention import purge_referrals
from core.resources.retention import purge_partner_referrals
from core.victims.retention import purge_victims

log = logging.getLogger(__name__)


def purge_expired(mad, now=None):
    """Clear personal data from messages older than the retention period; return how many.

    Called hourly by the embedded dispatcher and by ``mad retention purge``. Messages still
    queued or sending are never touched, so nothing waiting to be delivered is lost. Recorded
    victims' details are cleared on their own period (:mod:`core.victims.retention`).
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=mad.config.retention["message_days"])
    with mad.session() as session:
        purged = session.execute(
            update(Message)
            .where(Message.created_at < cutoff, Message.purged_at.is_(None),
                   Message.status.not_in(MessageStatus.PENDING))
            .values(recipient=None, recipient_hash=None, subject=None, body=None, body_html=None, english_body=None, fields=None,
                    purged_at=now)
        ).rowcount
        session.execute(delete(SandboxCapture).where(SandboxCapture.captured_at < cutoff))
        referrals = purge_referrals(session, cutoff, now) + purge_partner_referrals(session, cutoff, now)
        replies = purge_replies(session, cutoff, now)
    victims = purge_victims(mad, now)
    if purged or referrals or replies or victims:
        log.info("retention purge", extra={"messages_purged": purged, "referrals_purged": referrals,
                                           "replies_purged": replies, "victims_purged": victims})
    from core.auth.audit import purge_access_audit

    audit_purged = purge_access_audit(mad, now)
    if audit_purged:
        log.info("access audit purge", extra={"access_rows_purged": audit_purged})
    from core.api.idempotency import purge_expired_keys

    keys_purged = purge_expired_keys(mad, now)
    if keys_purged:
        log.info("idempotency keys purge", extra={"idempotency_keys_purged": keys_purged})
    return purged
