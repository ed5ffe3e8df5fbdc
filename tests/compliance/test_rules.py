"""Each right's rule on hand-made cases: met, late, rationale, not applicable, enhanced rights, bank holidays."""

from datetime import UTC, date, datetime

import pytest

from core.compliance.rules import Status, evaluate
from core.models import CareDuty, Victim
from core.victims.labels import Duties
from core.victims.settings import default_settings
from core.working_days import WorkingCalendar

CALENDAR = WorkingCalendar()
RULES = default_settings()
AS_OF = date(2027, 3, 1)


def at(day):
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def outcomes(recorded_on, duties=(), contacts=(), enhanced=None, as_of=AS_OF, **more):
    victim = Victim(id="v1", name="Jo Bloggs", recorded_on=recorded_on, enhanced_category=enhanced, **more)
    answered = {d.duty: d for d in duties}
    return evaluate(victim, answered, list(contacts), RULES, CALENDAR, as_of)


def duty(code, state="yes", on=date(2026, 6, 1), rationale=None):
    return CareDuty(duty=code, state=state, recorded_at=at(on), rationale=rationale)


def test_a_referral_made_the_next_working_day_meets_right_4():
    got = outcomes(date(2026, 6, 1), [duty(Duties.REFERRAL, on=date(2026, 6, 2))])
    assert got["right_4"].status == Status.MET


def test_a_referral_three_working_days_late_is_not_met_and_unexplained():
    got = outcomes(date(2026, 6, 1), [duty(Duties.REFERRAL, on=date(2026, 6, 4))])
    assert (got["right_4"].status, got["right_4"].reason) == (Status.UNEXPLAINED, "late")


def test_enhanced_rights_shorten_the_referral_limit_to_one_working_day():
    referred = [duty(Duties.REFERRAL, on=date(2026, 6, 3))]  # two working days after Monday 1 June
    assert outcomes(date(2026, 6, 1), referred)["right_4"].status == Status.MET
    assert outcomes(date(2026, 6, 1), referred, enhanced="serious_crime")["right_4"].status == Status.UNEXPLAINED


def test_bank_holidays_do_not_count_against_the_officer():
    # Recorded Thursday 24 December 2026; Christmas Day and the Boxing Day substitute (28th) are not
    # working days, so a referral on Wednesday 30 December is two working days later: in time.
    got = outcomes(date(2026, 12, 24), [duty(Duties.REFERRAL, on=date(2026, 12, 30))])
    assert got["right_4"].status == Status.MET
    late = outcomes(date(2026, 12, 24), [duty(Duties.REFERRAL, on=date(2026, 12, 31))])
    assert late["right_4"].status == Status.UNEXPLAINED


def test_a_declined_referral_with_a_rationale_is_counted_apart_from_unexplained():
    got = outcomes(date(2026, 6, 1), [duty(Duties.REFERRAL, "no", rationale="Victim declined support"),
                                      duty(Duties.VPS_OFFERED, "no")])
    assert got["right_4"].status == Status.RATIONALE
    assert got["right_7"].status == Status.UNEXPLAINED


def test_nothing_recorded_is_unexplained_once_due_and_pending_before():
    assert outcomes(date(2026, 6, 1))["right_3"].status == Status.UNEXPLAINED
    assert outcomes(date(2026, 6, 1), as_of=date(2026, 6, 2))["right_3"].status == Status.PENDING


def test_not_applicable_answers_and_compensation_before_closure_are_not_applicable():
    got = outcomes(date(2026, 6, 1), [duty(Duties.VPS_OFFERED, "not_applicable", rationale="Victim is a business")])
    assert got["right_7"].status == Status.NOT_APPLICABLE
    assert got["right_5"].status == Status.NOT_APPLICABLE


@pytest.mark.parametrize(("told_on", "enhanced", "expected"), [
    (date(2026, 5, 8), None, Status.MET),           # NFA Thu 30 April; 4 May bank holiday: 5th working day
    (date(2026, 5, 11), None, Status.UNEXPLAINED),
    (date(2026, 5, 1), "vulnerable_intimidated", Status.MET),
    (date(2026, 5, 5), "vulnerable_intimidated", Status.UNEXPLAINED),
])
def test_right_6_a_key_decision_told_in_time(told_on, enhanced, expected):
    got = outcomes(date(2026, 4, 20), [duty(Duties.RIGHT_TO_REVIEW, on=told_on)], contacts=[told_on],
                   enhanced=enhanced, key_decision="nfa", key_decision_on=date(2026, 4, 30))
    assert got["right_6"].status == expected


def test_right_6_on_nfa_needs_the_right_to_review_explained_and_right_5_then_applies():
    got = outcomes(date(2026, 4, 20), [duty(Duties.COMPENSATION, on=date(2026, 5, 1))], contacts=[date(2026, 5, 1)],
                   key_decision="nfa", key_decision_on=date(2026, 4, 30))
    assert got["right_6"].status == Status.UNEXPLAINED
    assert got["right_5"].status == Status.MET


def test_right_1_and_right_6_before_a_decision_come_from_the_needs_assessment_and_the_contact_plan():
    got = outcomes(date(2026, 6, 1), [duty(Duties.NEEDS_ASSESSMENT, on=date(2026, 6, 1)),
                                      duty(Duties.CONTACT_PLAN, on=date(2026, 6, 9))])
    assert got["right_1"].status == Status.MET
    assert (got["right_6"].status, got["right_6"].reason) == (Status.UNEXPLAINED, "late")


def referred_to_service(on, status="referred"):
    from core.models import PartnerReferral

    return PartnerReferral(id=f"r-{on}", consent=True, status=status, made_at=at(on))


def test_a_referral_to_the_commissioned_service_in_time_meets_right_4_by_referral():
    got = outcomes(date(2026, 6, 1), partner_referrals=[referred_to_service(date(2026, 6, 2), "contacted")])
    assert (got["right_4"].status, got["right_4"].reason) == (Status.MET, "by_referral")
    # late, or declined by the service: the care log's answer stands
    late = outcomes(date(2026, 6, 1), partner_referrals=[referred_to_service(date(2026, 6, 4))])
    assert (late["right_4"].status, late["right_4"].reason) == (Status.UNEXPLAINED, "not_recorded")
    declined = outcomes(date(2026, 6, 1), [duty(Duties.REFERRAL, "no", rationale="Victim declined support")],
                        partner_referrals=[referred_to_service(date(2026, 6, 2), "declined")])
    assert declined["right_4"].status == Status.RATIONALE
