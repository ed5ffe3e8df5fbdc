"""Victims' details are cleared after the force's retention period; the care log's answers stay."""

from datetime import UTC, date, datetime

from core.retention import purge_expired
from core.victims.service import get_victim, save_care_log


def test_details_are_cleared_after_the_retention_period_and_the_answers_stay(mad, make_victim):
    old = make_victim(mad, recorded_on=date(2024, 1, 10), communication_needs="Calls after 6pm only")
    recent = make_victim(mad, recorded_on=date(2026, 11, 30), name="Ann Recent")
    save_care_log(mad, old.id, {"oic_contact_left": "yes"}, None, today=date(2024, 1, 10))
    purge_expired(mad, now=datetime(2026, 12, 2, 12, tzinfo=UTC))
    with mad.session() as session:
        cleared, kept = get_victim(session, old.id), get_victim(session, recent.id)
        assert (cleared.name, cleared.phone, cleared.email, cleared.communication_needs) == ("J. B.", None, None, None)
        assert cleared.purged_at is not None and [d.state for d in cleared.duties] == ["yes"]
        assert kept.name == "Ann Recent" and kept.phone == "+447700900123" and kept.purged_at is None
