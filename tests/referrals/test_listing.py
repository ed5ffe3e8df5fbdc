"""The supervisors' list: by district, overdue first, and nothing undelivered ever drops off it."""

from datetime import timedelta

from sqlalchemy import update

from core.db import utcnow
from core.messaging.outbox import deliver
from core.models.referrals import Referral
from core.referrals import service
from core.referrals.listing import supervisors_list
from core.referrals.statuses import Timeliness
from tests.referrals.factories import encompass_payload


def make(mad, district, days_ago, delivered):
    referral_id, _ = service.make(mad, service.prepare(mad, "encompass", encompass_payload(district=district)), None)
    made = utcnow() - timedelta(days=days_ago)
    with mad.session() as session:
        session.execute(update(Referral).where(Referral.id == referral_id).values(
            created_at=made, due_at=made + timedelta(hours=10)))
    if delivered:
        deliver(mad, service.get(mad, referral_id).notifications[0].message.id)
    return referral_id


def test_districts_in_the_forces_order_and_old_undelivered_referrals_stay(encompass_app):
    mad = encompass_app().extensions["mad"]
    old_waiting = make(mad, "Southmere", days_ago=30, delivered=False)
    make(mad, "Southmere", days_ago=30, delivered=True)  # old and delivered: out of the window
    recent = make(mad, "Northtown", days_ago=1, delivered=True)
    now = utcnow()
    groups = supervisors_list(mad, now, since=now - timedelta(days=7))
    assert [g.district for g in groups] == ["Northtown", "Southmere"]
    assert [(r.id, s.timeliness) for r, s in groups[1].rows] == [(old_waiting, Timeliness.OVERDUE)]
    assert [r.id for r, _ in groups[0].rows] == [recent]
    assert groups[0].rows[0][1].timeliness == Timeliness.LATE  # delivered now, due a day ago
    only = supervisors_list(mad, now, since=now - timedelta(days=7), district="Northtown")
    assert [g.district for g in only] == ["Northtown"]
