"""A referral's status, read from its notifications' messages (never stored, so never stale).

- ``sending``: at least one notification is still waiting in the outbox (or being retried);
- ``delivered``: every notification was accepted by the mail relay (or reported delivered);
- ``failed``: nothing is waiting and at least one notification failed for good.

Timeliness compares the time the last notification went out with the due time: ``on_time``,
``late``, ``overdue`` (not all delivered and the due time has passed) or ``due`` (not yet).
"""

from dataclasses import dataclass
from datetime import datetime

from core.constants import MessageStatus


class ReferralStatus:
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"
    ALL = (SENDING, DELIVERED, FAILED)


class Timeliness:
    DUE = "due"
    OVERDUE = "overdue"
    ON_TIME = "on_time"
    LATE = "late"
    ALL = (DUE, OVERDUE, ON_TIME, LATE)


@dataclass(frozen=True)
class ReferralState:
    """Where a referral stands: its status, timeliness and when it was last delivered."""

    status: str
    timeliness: str
    delivered_at: datetime | None


def _went_out(message):
    return message.delivered_at or message.sent_at


def state_of(referral, now):
    """The :class:`ReferralState` of ``referral`` (its notifications and messages loaded) at ``now``.

    Called by the referral pages and the supervisors' list.
    """
    messages = [n.message for n in referral.notifications]
    statuses = {m.status for m in messages}
    if statuses & set(MessageStatus.PENDING) or not messages:
        status = ReferralStatus.SENDING
    elif MessageStatus.FAILED in statuses:
        status = ReferralStatus.FAILED
    else:
        status = ReferralStatus.DELIVERED
    delivered_at = None
    if status == ReferralStatus.DELIVERED:
        delivered_at = max(_went_out(m) for m in messages)
    due = referral.due_at
    if status == ReferralStatus.DELIVERED:
        timeliness = Timeliness.LATE if due is not None and delivered_at > due else Timeliness.ON_TIME
    else:
        timeliness = Timeliness.OVERDUE if due is not None and now > due else Timeliness.DUE
    return ReferralState(status, timeliness, delivered_at)
