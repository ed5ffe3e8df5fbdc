"""The rollups equal the raw computation after inserts, edits, team moves, days passing and retention purges."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from core.compliance import stored
from core.compliance.figures import DIMENSIONS, drill_down, rollup, victim_figures
from core.compliance.moj import measures, to_csv
from core.compliance.refresh import refresh
from core.compliance.usage import usage_report
from core.db import set_clock
from core.models import CareDuty, Message, User, Victim, VictimContact
from core.retention import purge_expired
from core.victims.labels import Duties
from tests.compliance.conftest import ALL_DUTIES, add_officer, add_victim

JUNE = (date(2026, 6, 1), date(2026, 6, 30))


def _message(session, number, officer_id, template="crime_reference_assigned", status="delivered", day=date(2026, 6, 1),
             service="Northtown Victim Support", reason=None):
    session.add(Message(id=f"message-{number}", idempotency_key=f"key-{number}", crime_reference="06/100001/26",
                        template_id=template, kind="sms", channel="sandbox_sms", locale="en", recipient="07700 900123",
                        recipient_masked="07700 900***", status=status, failure_reason=reason,
                        fields={"service_name": service}, created_by_id=officer_id,
                        created_at=datetime(day.year, day.month, day.day, 11, tzinfo=UTC)))


def assert_rollups_equal_raw(mad, start, end, as_of, teams=(None, "Response North", "Response South")):
    """Every figure a page or report shows, read from the rollups, equals the same figure computed raw."""
    with mad.session() as session:
        for team in teams:
            raw = victim_figures(mad, session, start, end, team=team, as_of=as_of)
            cells = stored.cells(session, start, end, team)
            for dimension in DIMENSIONS:
                assert rollup(cells, dimension) == rollup(raw, dimension), (team, dimension)
            assert measures(cells) == measures(raw)
            assert to_csv(cells, start, end, by_team=team is None) == to_csv(raw, start, end, by_team=team is None)
            for right in ("right_4", "right_6"):
                for status in ("met", "unexplained", "rationale", "pending"):
                    lines = stored.victim_lines(session, start, end, team, right=right, status=status)
                    assert ({(r.crime_reference, r.officer, r.team) for r in lines}
                            == {(r.crime_reference, r.officer, r.team) for r in drill_down(raw, right, status)})
            expected = {**usage_report(session, start, end, team), "first_update": stored.update_bands(raw)}
            assert stored.usage_report(session, start, end, team) == expected, team
            assert raw, "the scenario has victims in every team it checks"


@pytest.fixture
def clock():
    """The toolkit's clock, moved on an hour by ``clock.tick()`` (so the refresh's overlap never hides a change)."""

    class Clock:
        now = datetime(2026, 12, 1, 9, tzinfo=UTC)

        def tick(self):
            self.now += timedelta(hours=1)

    moving = Clock()
    set_clock(lambda: moving.now)
    yield moving
    set_clock(None)


@pytest.fixture
def force(make_mad_app, database, clock):
    """Two teams' officers; victims and messages on two June days; a signposting and a failure."""
    mad = make_mad_app(database=database).extensions["mad"]
    with mad.session() as session:
        north = add_officer(session, "pc.north@example.org", "PC 1 North", "Response North", "Northtown")
        south = add_officer(session, "pc.south@example.org", "PC 2 South", "Response South", "Southtown")
        add_victim(session, 1, north)
        add_victim(session, 2, north, late=(Duties.REFERRAL,), crime_type="hate", enhanced="hate_crime")
        add_victim(session, 3, north, done=(Duties.WRITTEN_CONFIRMATION,), declined=(Duties.REFERRAL,))
        add_victim(session, 4, south, done=(), district="Southtown")
        _message(session, 1, north.id)
        _message(session, 2, north.id, template="signposting")
        _message(session, 3, south.id, status="failed", reason="Number not in service", day=date(2026, 6, 2))
        session.flush()
        session.add(VictimContact(victim_id="victim-1", message_id="message-1", template_id="crime_reference_assigned",
                                  created_at=datetime(2026, 6, 3, 9, tzinfo=UTC)))
        ids = {"north": north.id, "south": south.id}
    clock.tick()
    return mad, ids


def test_rollups_equal_the_raw_figures_after_inserts_edits_moves_and_purges(force, clock):
    mad, ids = force
    today = clock.now.date()
    first = refresh(mad)
    assert first["full"] == 1 and first["victims"] == 4
    assert_rollups_equal_raw(mad, *JUNE, today)
    clock.tick()
    assert refresh(mad) == {"victims": 0, "compliance_days": 0, "usage_days": 0, "full": 0}  # nothing changed

    clock.tick()
    # Inserts: a victim and messages on a new day.
    with mad.session() as session:
        add_victim(session, 5, session.get(User, ids["south"]), late=(Duties.VPS_OFFERED,), district="Southtown")
        _message(session, 4, ids["south"], template="signposting", day=date(2026, 6, 20), service="Southtown Hub")
        east = add_officer(session, "pc.east@example.org", "PC 5 East", "Response East", "Eastbrook")
        for number, sender in ((5, ids["north"]), (6, east.id), (7, ids["north"])):  # three teams' work on one day
            _message(session, number, sender, day=date(2026, 6, 20))
    clock.tick()
    assert refresh(mad) == {"victims": 1, "compliance_days": 1, "usage_days": 3, "full": 0}
    assert_rollups_equal_raw(mad, *JUNE, today)

    clock.tick()
    # Edits: an answer changed to a no with a reason, a message fails, a key decision is told late.
    with mad.session() as session:
        duty = session.scalar(select(CareDuty).where(CareDuty.victim_id == "victim-1", CareDuty.duty == Duties.REFERRAL))
        duty.state, duty.rationale = "no", "Victim declined"
        session.get(Message, "message-1").status = "failed"
        victim = session.get(Victim, "victim-3")
        victim.key_decision, victim.key_decision_on = "nfa", date(2026, 6, 4)
    clock.tick()
    assert refresh(mad)["victims"] == 2
    assert_rollups_equal_raw(mad, *JUNE, today)

    clock.tick()
    # A team move: the north officer joins Response South; every figure of theirs follows.
    with mad.session() as session:
        session.execute(update(User).where(User.id == ids["north"]).values(team="Response South", district="Southtown"))
    clock.tick()
    refresh(mad)
    assert_rollups_equal_raw(mad, *JUNE, today, teams=(None, "Response South"))
    with mad.session() as session:
        assert stored.cells(session, *JUNE, "Response North") == []

    clock.tick()
    # Retention: messages lose their fields (the service's name), victims their details.
    purge_expired(mad, now=clock.now + timedelta(days=4000))
    clock.tick()
    refresh(mad)
    assert_rollups_equal_raw(mad, *JUNE, today, teams=(None, "Response South"))
    with mad.session() as session:
        assert dict(stored.usage_report(session, *JUNE)["services_signposted"]) == {"Not named": 2}


def test_a_right_not_due_yet_is_worked_out_again_once_its_day_has_passed(make_mad_app):
    mad = make_mad_app().extensions["mad"]
    monday = datetime(2026, 11, 2, 9, tzinfo=UTC)
    set_clock(lambda: monday)
    try:
        with mad.session() as session:
            officer = add_officer(session, "pc.new@example.org", "PC 3 New", "Response North", "Northtown")
            victim = add_victim(session, 6, officer, done=(Duties.WRITTEN_CONFIRMATION,))
            victim.recorded_on = monday.date()
        refresh(mad)
        week = (monday.date(), monday.date() + timedelta(days=6))
        with mad.session() as session:
            assert stored.victim_lines(session, *week, right="right_4", status="pending")
        set_clock(lambda: monday + timedelta(days=7))
        assert refresh(mad)["victims"] == 1
        with mad.session() as session:
            lines = stored.victim_lines(session, *week, right="right_4", status="unexplained")
            assert [line.crime_reference for line in lines] == ["06/100006/26"]
        assert_rollups_equal_raw(mad, *week, (monday + timedelta(days=7)).date(), teams=(None,))
    finally:
        set_clock(None)


def test_a_full_refresh_rebuilds_what_was_counted(make_mad_app, clock):
    mad = make_mad_app().extensions["mad"]
    with mad.session() as session:
        officer = add_officer(session, "pc.full@example.org", "PC 4 Full", "Response North", "Northtown")
        add_victim(session, 7, officer, done=ALL_DUTIES)
    refresh(mad)
    again = refresh(mad, full=True)
    assert again["full"] == 1 and again["victims"] == 1
    assert_rollups_equal_raw(mad, *JUNE, clock.now.date(), teams=(None,))


def test_usage_counts_leaflets_first_updates_active_users_and_satisfaction(make_mad_app, clock):
    from core.models import Resource, ResourceSend, SatisfactionCheck

    mad = make_mad_app().extensions["mad"]
    with mad.session() as session:
        north = add_officer(session, "pc.north@example.org", "PC 1 North", "Response North", "Northtown")
        supervisor = add_officer(session, "sgt.north@example.org", "Sgt 1 North", "Response North", "Northtown",
                                 role="supervisor")
        add_officer(session, "pc.idle@example.org", "PC 9 Idle", "Response South", "Southtown")
        add_victim(session, 1, north)
        add_victim(session, 2, north)
        _message(session, 1, north.id)
        _message(session, 2, supervisor.id, template="crime_closed_nfa")
        session.add(Resource(id="vcode", kind="victims_code_leaflet", title="Victims' Code leaflet"))
        session.flush()
        session.add(ResourceSend(message_id="message-1", resource_id="vcode", locale="en"))
        session.add(VictimContact(victim_id="victim-1", message_id="message-1", template_id="crime_reference_assigned",
                                  created_at=datetime(2026, 6, 3, 9, tzinfo=UTC)))
        session.add(SatisfactionCheck(crime_reference="06/100001/26", closing_message_id="message-2", locale="en",
                                      team="Response North", score=4, answered_at=datetime(2026, 6, 10, tzinfo=UTC)))
    clock.tick()
    refresh(mad)
    with mad.session() as session:
        figures = stored.usage_report(session, *JUNE)
        assert figures["leaflets_sent"] == [("Victims' Code leaflet", 1)]
        assert dict(figures["first_update"]) == {"Same day": 0, "1 day": 0, "2 to 5 days": 1, "6 to 10 days": 0,
                                                 "Over 10 days": 0, "No update sent yet": 1}
        assert figures["active_users_by_role"] == [("officer", 1), ("supervisor", 1)]
        assert figures["active_users_by_team"] == [("Response North", 2)]
        assert figures["satisfaction_scores"] == [("4", 1)]
        assert stored.usage_report(session, *JUNE, team="Response South")["satisfaction_scores"] == []
        raw = {**usage_report(session, *JUNE), "first_update": stored.update_bands(victim_figures(mad, session, *JUNE))}
        assert figures == raw


@pytest.mark.postgres
def test_a_page_never_waits_behind_a_refresh_already_running(make_mad_app):
    from sqlalchemy import text

    from core.compliance.refresh import LOCK_KEY
    from core.testing import postgres_url

    if not postgres_url():
        pytest.skip("MAD_TEST_POSTGRES_URL is not set")
    mad = make_mad_app(database="postgresql").extensions["mad"]
    with mad.session() as session:
        add_victim(session, 8, add_officer(session, "pc.busy@example.org", "PC 6 Busy", "Response North", "Northtown"))
    with mad.db.engine.connect() as other:
        other.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})  # a long refresh elsewhere
        try:
            assert refresh(mad, wait=False) == {"victims": 0, "compliance_days": 0, "usage_days": 0, "full": 0}
        finally:
            other.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
    assert refresh(mad, wait=False)["victims"] == 1


def test_a_referral_to_the_commissioned_service_and_its_answer_reach_the_rollups(force, clock):
    # Right 4 met by referral (issue 17) is worked out again when the referral is made and when
    # the service answers, so the pages (which read the rollups) agree with the raw figures.
    from core.models.partner import PartnerReferral
    from core.resources.partner import Statuses, record_status, touch_victim
    from tests.compliance.conftest import RECORDED, at

    mad, _ids = force
    today = clock.now.date()

    def right_4_of_victim_4():
        with mad.session() as session:
            lines = stored.victim_lines(session, *JUNE, team="Response South")
        return [(line.outcomes["right_4"].status, line.outcomes["right_4"].reason) for line in lines]

    refresh(mad)
    assert right_4_of_victim_4() != [("met", "by_referral")]
    clock.tick()
    with mad.session() as session:
        session.add(PartnerReferral(id="referral-1", idempotency_key="referral-key-1", crime_reference="06/100004/26",
                                    victim_id="victim-4", victim_name="Jo Bloggs", contact="07700 900123",
                                    needs=["emotional_support"], consent=True, status=Statuses.REFERRED,
                                    made_by="PC 2 South", made_at=at(RECORDED)))
        touch_victim(session, "victim-4")
    clock.tick()
    refresh(mad)
    assert right_4_of_victim_4() == [("met", "by_referral")]
    assert_rollups_equal_raw(mad, *JUNE, today)

    clock.tick()
    with mad.session() as session:
        record_status(mad, session, session.get(PartnerReferral, "referral-1"), Statuses.DECLINED, "Victim Support")
    clock.tick()
    refresh(mad)
    assert right_4_of_victim_4() != [("met", "by_referral")]
    assert_rollups_equal_raw(mad, *JUNE, today)
