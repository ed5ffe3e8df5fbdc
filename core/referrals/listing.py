"""The supervisors' list: referrals due, overdue and delivered, by district."""

from dataclasses import dataclass, field

from sqlalchemy import or_, select

from core.constants import MessageStatus
from core.models.messages import Message
from core.models.referrals import Referral, ReferralNotification
from core.referrals.statuses import Timeliness, state_of

NO_DISTRICT = ""


@dataclass
class DistrictGroup:
    """One district's referrals, sorted: overdue first, then due (soonest first), then delivered."""

    district: str
    rows: list = field(default_factory=list)

    def count(self, timeliness):
        """How many of this district's referrals are ``timeliness`` (a :class:`Timeliness` code)."""
        return sum(1 for _r, state in self.rows if state.timeliness == timeliness)


ORDER = {Timeliness.OVERDUE: 0, Timeliness.DUE: 1, Timeliness.LATE: 2, Timeliness.ON_TIME: 3}


def supervisors_list(mad, now, since, district=None):
    """Referrals made or due since ``since``, and any older one not yet delivered (waiting or
    failed, so an overdue referral never drops off the list), grouped by district.

    Called by the supervisors' page. Returns a list of :class:`DistrictGroup`, districts in the
    force's order, referrals without a district last.
    """
    with mad.session() as session:
        undelivered = (select(ReferralNotification.referral_id)
                       .join(Message, Message.id == ReferralNotification.message_id)
                       .where(Message.status.in_((*MessageStatus.PENDING, MessageStatus.FAILED))))
        query = select(Referral).where(or_(Referral.created_at >= since, Referral.due_at >= since,
                                           Referral.id.in_(undelivered)))
        if district:
            query = query.where(Referral.district == district)
        referrals = session.scalars(query.order_by(Referral.due_at)).all()
        session.expunge_all()
    groups = {}
    for referral in referrals:
        state = state_of(referral, now)
        groups.setdefault(referral.district or NO_DISTRICT, DistrictGroup(referral.district or NO_DISTRICT)).rows.append(
            (referral, state))
    for group in groups.values():
        group.rows.sort(key=lambda row: (ORDER[row[1].timeliness], row[0].due_at or now))
    order = {name: index for index, name in enumerate(mad.config.force["districts"])}
    return sorted(groups.values(), key=lambda g: (g.district == NO_DISTRICT, order.get(g.district, len(order)),
                                                  g.district))
