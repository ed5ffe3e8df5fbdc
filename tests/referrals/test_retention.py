"""Children's details in a referral go with the retention period; the facts supervisors count stay."""

from datetime import timedelta

from core.db import utcnow
from core.messaging.outbox import deliver
from core.referrals import service
from core.retention import purge_expired
from tests.referrals.factories import encompass_payload


def test_old_referrals_lose_the_childrens_details_and_pdfs(encompass_app):
    mad = encompass_app().extensions["mad"]
    mad.config.retention["message_days"] = 30
    referral_id, _ = service.make(mad, service.prepare(mad, "encompass", encompass_payload()), None)
    deliver(mad, service.get(mad, referral_id).notifications[0].message.id)

    assert purge_expired(mad, now=utcnow() + timedelta(days=10)) == 0
    assert service.get(mad, referral_id).data["children"][0]["name"] == "Amira Example"

    purge_expired(mad, now=utcnow() + timedelta(days=31))
    referral = service.get(mad, referral_id)
    assert referral.data is None and referral.purged_at is not None
    assert referral.summary == "1 child(ren), 1 school(s)" and referral.due_at is not None
    message = referral.notifications[0].message
    assert message.attachments == [] and message.body is None and message.status == "sent"
