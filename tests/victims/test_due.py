"""Due dates that chase themselves: working days across bank holidays, the plan, the force's rules."""

from datetime import UTC, date, datetime, timedelta

import pytest

from core.models import CareDuty, Victim, VictimContact
from core.victims.due import dues, my_victims
from core.victims.labels import Duties
from core.victims.settings import default_settings
from core.working_days import WorkingCalendar

CALENDAR = WorkingCalendar()
RULES = default_settings()
ALL_DONE = [d for d in Duties.ALL if d not in Duties.ON_CLOSURE]


def victim(recorded_on, done=ALL_DONE, contacts=(), enhanced=None, **plan):
    return Victim(id="v1", name="Jo Bloggs", recorded_on=recorded_on, enhanced_category=enhanced,
                  duties=[CareDuty(duty=d, state="yes") for d in done],
                  contacts=[VictimContact(created_at=datetime(c.year, c.month, c.day, 12, tzinfo=UTC)) for c in contacts],
                  **plan)


def due_on(v, reason):
    return next(d.due_on for d in dues(v, RULES, CALENDAR) if d.reason == reason)


@pytest.mark.parametrize(("enhanced", "expected"), [(None, date(2026, 12, 30)), ("serious_crime", date(2026, 12, 29))])
def test_referral_is_due_in_working_days_skipping_christmas_and_the_substitute_boxing_day(enhanced, expected):
    # Recorded Thursday 24 December 2026: Friday is Christmas Day, Monday 28th the Boxing Day substitute.
    assert due_on(victim(date(2026, 12, 24), done=[], enhanced=enhanced), "referral") == expected


@pytest.mark.parametrize(("enhanced", "expected"), [(None, date(2026, 5, 8)), ("vulnerable_intimidated", date(2026, 5, 1))])
def test_a_key_decision_is_due_within_5_working_days_or_1_for_enhanced_rights(enhanced, expected):
    # NFA on Thursday 30 April 2026; Monday 4 May is the early May bank holiday.
    v = victim(date(2026, 4, 20), enhanced=enhanced, key_decision="nfa", key_decision_on=date(2026, 4, 30))
    assert due_on(v, "key_decision") == expected


def test_a_message_sent_after_the_decision_meets_it():
    v = victim(date(2026, 4, 20), key_decision="nfa", key_decision_on=date(2026, 4, 30), contacts=[date(2026, 5, 1)])
    assert "key_decision" not in [d.reason for d in dues(v, RULES, CALENDAR)]


def test_the_contact_plan_sets_when_the_next_update_is_due():
    v = victim(date(2026, 12, 1), contacts=[date(2026, 12, 21)], plan_frequency="every_n_working_days",
               plan_every_days=3)
    assert due_on(v, "update") == date(2026, 12, 24)
    v.plan_every_days = 4
    assert due_on(v, "update") == date(2026, 12, 29)


def test_where_the_plan_is_silent_nobody_goes_28_days_without_contact():
    v = victim(date(2026, 11, 2), contacts=[date(2026, 11, 10)], plan_frequency="each_stage")
    assert [d.reason for d in dues(v, RULES, CALENDAR)] == ["max_interval"]
    assert due_on(v, "max_interval") == date(2026, 12, 8)


def test_an_incomplete_care_log_is_due_the_next_working_day():
    assert due_on(victim(date(2026, 12, 24), done=ALL_DONE[:-1]), "care_log") == date(2026, 12, 29)


def test_my_victims_lists_what_is_due_or_overdue_with_the_right_action(app, mad, make_user, make_victim):
    officer, _ = make_user(app)
    colleague, _ = make_user(app)
    today = date(2026, 12, 10)
    due_today = make_victim(mad, officer, recorded_on=today - timedelta(days=28), name="Ann Due")
    overdue = make_victim(mad, officer, recorded_on=today - timedelta(days=40), name="Bob Late")
    make_victim(mad, officer, recorded_on=today - timedelta(days=2), name="Cat Fine")
    make_victim(mad, colleague, recorded_on=today - timedelta(days=40), name="Dee Colleague")
    with mad.session() as session:
        for v in session.query(Victim).all():
            session.add_all(CareDuty(victim_id=v.id, duty=d, state="yes", recorded_by="PC") for d in ALL_DONE)
    with mad.session() as session:
        rows = my_victims(mad, session, officer.id, today=today)
        listed = [(row.victim.name, row.due.reason, row.overdue, row.due.action) for row in rows]
    assert listed == [("Bob Late", "max_interval", True, ("send", "investigation_update")),
                      ("Ann Due", "max_interval", False, ("send", "investigation_update"))]
    assert {due_today.id, overdue.id} == {row.victim.id for row in rows}


def test_the_home_page_shows_my_victims_with_one_press_to_update(app, mad, signed_in, make_victim):
    client, officer = signed_in(app)
    v = make_victim(mad, officer, recorded_on=date.today() - timedelta(days=30))
    home = client.get("/").get_data(as_text=True)
    assert "My victims" in home and "Jo Bloggs" in home
    assert f'href="/victims/{v.id}/care-log"' in home  # the care log is the earliest thing owed
    assert "Overdue since" in home and "Care log not completed" in home
    with mad.session() as session:
        session.add_all(CareDuty(victim_id=v.id, duty=d, state="yes", recorded_by="PC") for d in ALL_DONE)
    home = client.get("/").get_data(as_text=True)
    assert f'href="/updates/new/investigation_update?victim={v.id}"' in home and "No contact for too long" in home
