"""Referrals to the commissioned service keep the victim's name and contact for the retention
period only: then initials stay, the contact goes, the needs and answers stay."""

from datetime import timedelta

from core.db import utcnow
from core.models import PartnerReferral
from core.resources import partner
from core.retention import purge_expired


def test_a_referral_past_the_retention_period_keeps_initials_needs_and_answers_only(mad):
    data = partner.load_referral({"crime_reference": "06/123456/26", "victim_name": "Alex Example",
                                  "contact": "07700 900456", "needs": ["fraud_scams"], "consent": "yes",
                                  "idempotency_key": "retention-referral-1"})
    with mad.session() as session:
        made, _notice = partner.refer(mad, session, data, "PC Jo Example")
        partner.record_status(mad, session, made, "contacted", "Vic Service")
        made_id = made.id
    purge_expired(mad, now=utcnow() + timedelta(days=mad.config.retention["message_days"] - 1))
    with mad.session() as session:
        assert session.get(PartnerReferral, made_id).victim_name == "Alex Example"  # not yet
    purge_expired(mad, now=utcnow() + timedelta(days=mad.config.retention["message_days"] + 1))
    with mad.session() as session:
        kept = session.get(PartnerReferral, made_id)
        assert (kept.victim_name, kept.contact) == ("A. E.", "Cleared after the retention period")
        assert kept.needs == ["fraud_scams"] and kept.status == "contacted" and kept.purged_at is not None
