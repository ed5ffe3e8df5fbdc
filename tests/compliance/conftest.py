"""Hand-made care logs for figures' tests: two teams, victims with known outcomes."""

from datetime import UTC, date, datetime

import pytest

from core.models import CareDuty, Victim
from core.models.people import User
from core.victims.labels import Duties

#: Monday 1 June 2026: figures are asked for June 2026 on 1 March 2027.
RECORDED = date(2026, 6, 1)
ALL_DUTIES = (Duties.WRITTEN_CONFIRMATION, Duties.NEEDS_ASSESSMENT, Duties.CONTACT_PLAN, Duties.REFERRAL,
              Duties.VPS_OFFERED)


def at(day):
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def add_victim(session, number, officer, done=ALL_DUTIES, late=(), declined=(), district="Northtown",
               crime_type="volume", enhanced=None):
    victim = Victim(id=f"victim-{number}", crime_reference=f"06/{100000 + number}/26", name="Jo Bloggs",
                    phone="07700 900123", locale="en", oic_name=officer.display_name, oic_user_id=officer.id,
                    recorded_on=RECORDED, district=district, crime_type=crime_type, enhanced_category=enhanced)
    session.add(victim)
    for duty in done:
        on = date(2026, 6, 12) if duty in late else RECORDED
        session.add(CareDuty(victim_id=victim.id, duty=duty, state="yes", recorded_by=officer.display_name,
                             recorded_at=at(on)))
    for duty in declined:
        session.add(CareDuty(victim_id=victim.id, duty=duty, state="no", rationale="Victim declined",
                             recorded_by=officer.display_name, recorded_at=at(RECORDED)))
    return victim


def add_officer(session, email, name, team, district, role="officer"):
    user = User(email=email, display_name=name, role=role, team=team, district=district, password_hash="x")
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def seeded(mad):
    """Response North: 3 victims (all met; referral late; referral declined). Response South: 1, nothing done."""
    with mad.session() as session:
        north = add_officer(session, "pc.north@example.org", "PC 1 North", "Response North", "Northtown")
        south = add_officer(session, "pc.south@example.org", "PC 2 South", "Response South", "Southtown")
        add_victim(session, 1, north)
        add_victim(session, 2, north, late=(Duties.REFERRAL,), crime_type="hate", enhanced="hate_crime")
        add_victim(session, 3, north, done=(Duties.WRITTEN_CONFIRMATION,), declined=(Duties.REFERRAL,))
        add_victim(session, 4, south, done=(), district="Southtown")
        return {"north": north.id, "south": south.id}


@pytest.fixture
def messages(mad, seeded):
    """Three messages on 1 June 2026 from the north officer: two texts (one failed), one Welsh email."""
    from core.models.messages import Message

    with mad.session() as session:
        for number, (template, kind, locale, status, reason) in enumerate((
                ("crime_reference_assigned", "sms", "en", "delivered", None),
                ("signposting", "sms", "en", "failed", "Number not in service"),
                ("crime_reference_assigned", "email", "cy", "sent", None))):
            session.add(Message(id=f"message-{number}", idempotency_key=f"key-{number}", crime_reference="06/100001/26",
                                template_id=template, kind=kind, channel=f"sandbox_{kind}", locale=locale,
                                recipient="07700 900123", recipient_masked="07700 900***", status=status,
                                failure_reason=reason, fields={"service_name": "Northtown Victim Support"},
                                created_by_id=seeded["north"], created_at=at(RECORDED)))
    return seeded
