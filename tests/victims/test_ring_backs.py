"""Supervisors' seven-day ring-backs: who gets one, the list, the outcome in the chronology."""

from datetime import date, timedelta

import pytest
from marshmallow import ValidationError
from sqlalchemy import select

from core.models import AuditChronologyEntry, RingBack
from core.victims.ringbacks import complete, ring_back_list

TODAY = date(2026, 12, 10)


def test_volume_and_hate_crime_get_a_ring_back_seven_days_on_hate_routed_to_cohesion_officers(mad, make_victim):
    volume = make_victim(mad, recorded_on=TODAY, crime_type="volume")
    hate = make_victim(mad, recorded_on=TODAY, crime_type="hate", name="Hana Hate")
    make_victim(mad, recorded_on=TODAY, crime_type="serious", name="No Ringback")
    with mad.session() as session:
        found = {rb.victim_id: rb for rb in session.scalars(select(RingBack))}
    assert set(found) == {volume.id, hate.id}
    assert found[volume.id].due_on == TODAY + timedelta(days=7) and found[volume.id].team is None
    assert found[hate.id].team == "Cohesion officers"


def test_the_list_puts_overdue_first_and_done_last_and_narrows_to_a_team(mad, make_victim, make_user, app):
    supervisor, _ = make_user(app, role="supervisor")
    late = make_victim(mad, recorded_on=TODAY - timedelta(days=9), name="Late One")
    due = make_victim(mad, recorded_on=TODAY - timedelta(days=7), name="Due One", crime_type="hate")
    done = make_victim(mad, recorded_on=TODAY - timedelta(days=8), name="Done One")
    later = make_victim(mad, recorded_on=TODAY, name="Later One")
    with mad.session() as session:
        done_id = session.scalar(select(RingBack.id).where(RingBack.victim_id == done.id))
    complete(mad, done_id, {"outcome": "satisfied"}, supervisor)
    with mad.session() as session:
        rows = [(r.ring_back.victim.name, r.state) for r in ring_back_list(session, today=TODAY)]
        team = [r.ring_back.victim.name for r in ring_back_list(session, today=TODAY, team="Cohesion officers")]
    assert rows == [("Late One", "overdue"), ("Due One", "due"), ("Later One", "upcoming"), ("Done One", "done")]
    assert team == ["Due One"]
    assert {late.id, due.id, later.id}


def test_an_outcome_is_recorded_once_and_written_into_the_chronology(mad, make_victim, make_user, app):
    supervisor, _ = make_user(app, role="supervisor")
    victim = make_victim(mad, recorded_on=TODAY)
    with mad.session() as session:
        ring_back_id = session.scalar(select(RingBack.id).where(RingBack.victim_id == victim.id))
    with pytest.raises(ValidationError) as caught:
        complete(mad, ring_back_id, {"outcome": "meh"}, supervisor)
    assert caught.value.messages["outcome"] == ["Ring-back outcome: choose satisfied, concerns or not reached"]
    complete(mad, ring_back_id, {"outcome": "concerns", "notes": "Not heard from the OIC",
                                 "follow_up": "OIC to call by Friday"}, supervisor)
    with pytest.raises(ValidationError, match="already done"):
        complete(mad, ring_back_id, {"outcome": "satisfied"}, supervisor)
    mad.dispatcher.drain()
    with mad.session() as session:
        texts = session.scalars(select(AuditChronologyEntry.text)).all()
    assert texts == ["Supervisor ring-back to victim J. B.: Victim raised concerns. Notes: Not heard from the OIC. "
                     "Follow-up: OIC to call by Friday."]
