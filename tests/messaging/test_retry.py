"""Retry windows: the delay after each attempt, the jitter, and when the window ends."""

from datetime import UTC, datetime, timedelta

import pytest

from core.messaging.retry import MESSAGE, RECORDS_WRITE, backoff_delay, decide, window

SETTINGS = {"backoff_seconds": 2.0, "backoff_max_seconds": 600.0, "backoff_jitter": 0.2,
            "message_retry_hours": 24.0, "records_retry_days": 7.0}
STORED = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 2), (2, 4), (3, 8), (6, 64), (9, 512), (10, 600), (500, 600)])
def test_delays_double_up_to_the_ceiling(attempts, seconds):
    assert backoff_delay({**SETTINGS, "backoff_jitter": 0.0}, attempts) == seconds


@pytest.mark.parametrize("rand", [0.0, 0.5, 0.999])
def test_jitter_only_ever_shortens_a_delay_by_up_to_its_fraction(rand):
    delay = backoff_delay(SETTINGS, 10, rand=lambda: rand)
    assert 600 * 0.8 < delay <= 600 and delay == pytest.approx(600 * (1 - 0.2 * rand))


def test_each_kind_has_its_own_window():
    assert window(SETTINGS, MESSAGE) == timedelta(hours=24)
    assert window(SETTINGS, RECORDS_WRITE) == timedelta(days=7)


def test_a_failure_inside_the_window_is_retried_after_the_delay():
    now = STORED + timedelta(hours=3)
    decision = decide(SETTINGS, MESSAGE, STORED, 20, "gateway busy", now, rand=lambda: 0.0)
    assert (decision.next_attempt_at, decision.reason) == (now + timedelta(seconds=600), "gateway busy")


def test_the_last_attempt_is_made_at_the_end_of_the_window_not_after_it():
    now = STORED + timedelta(hours=24) - timedelta(seconds=30)
    decision = decide(SETTINGS, MESSAGE, STORED, 150, "gateway busy", now, rand=lambda: 0.0)
    assert decision.next_attempt_at == STORED + timedelta(hours=24)


@pytest.mark.parametrize(("kind", "after", "words"), [
    (MESSAGE, timedelta(hours=24), "24 hours"),
    (RECORDS_WRITE, timedelta(days=7), "7 days"),
    (RECORDS_WRITE, timedelta(days=9), "7 days"),
])
def test_a_failure_at_or_after_the_end_of_the_window_gives_up_with_a_reason(kind, after, words):
    decision = decide(SETTINGS, kind, STORED, 42, "PoliceWorks answered HTTP 500", STORED + after)
    assert decision.next_attempt_at is None
    assert decision.reason == f"Still failing after {words} of retries (42 attempts): PoliceWorks answered HTTP 500"


def test_a_records_write_is_still_retried_after_a_weekend():
    monday = STORED + timedelta(days=2, hours=20)
    assert decide(SETTINGS, RECORDS_WRITE, STORED, 400, "down", monday).next_attempt_at is not None
