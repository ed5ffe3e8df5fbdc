"""Retry windows: when to try a temporary failure again, and when to stop and say so.

Every outbox item (a message, a records write) is retried for a *window* of time, not a number of
attempts: a records system down over a weekend, or a gateway down for an afternoon, must not
make the toolkit give up after a few minutes. Delays grow exponentially from
``[dispatcher] backoff_seconds``, are capped at ``backoff_max_seconds`` and spread by
``backoff_jitter`` (so items that failed together do not all come back in the same second).
The window runs from when the item was stored: ``message_retry_hours`` for messages (an update a
day late is still worth sending; older than that the officer must decide) and
``records_retry_days`` for records writes. The last attempt is made at the window's end; only a
failure then, or a permanent error, fails the item, loudly.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

#: The kinds of outbox item, each with its own window setting.
MESSAGE = "message"
RECORDS_WRITE = "records_write"


@dataclass(frozen=True)
class RetryDecision:
    """What to do after a temporary failure: retry at ``next_attempt_at``, or give up (it is None)."""

    next_attempt_at: object
    reason: str


def window(dispatcher, kind):
    """The retry window for ``kind`` (:data:`MESSAGE` or :data:`RECORDS_WRITE`) as a timedelta."""
    if kind == MESSAGE:
        return timedelta(hours=dispatcher["message_retry_hours"])
    return timedelta(days=dispatcher["records_retry_days"])


def backoff_delay(dispatcher, attempts, rand=random.random):
    """Seconds to wait after failed attempt number ``attempts`` (1 for the first).

    Doubling from ``backoff_seconds``, capped at ``backoff_max_seconds``, then shortened by up to
    ``backoff_jitter`` of itself at random (``rand`` returns a float in [0, 1)).
    """
    base, cap = dispatcher["backoff_seconds"], dispatcher["backoff_max_seconds"]
    delay = min(cap, base * (2 ** min(max(0, attempts - 1), 40)))
    return delay * (1 - dispatcher["backoff_jitter"] * rand())


def describe_window(dispatcher, kind):
    """The window in words, in the unit of its setting: "24 hours", "7 days", "1.5 hours"."""
    if kind == MESSAGE:
        count, one, many = dispatcher["message_retry_hours"], "hour", "hours"
    else:
        count, one, many = dispatcher["records_retry_days"], "day", "days"
    return f"{count:g} {one if count == 1 else many}"


def decide(dispatcher, kind, stored_at, attempts, reason, now, rand=random.random):
    """After a temporary failure with ``reason``: retry when, or give up (with the reason to store).

    Called by the message outbox (:func:`core.messaging.outbox.mark_retry`) and the records outbox
    (:func:`core.records.outbox.attempt`). ``stored_at`` starts the window. The next attempt is
    never later than the window's end, so the last one is made right at the end; a failure at or
    after the end gives up.
    """
    span = window(dispatcher, kind)
    ends = stored_at + span
    if now >= ends:
        return RetryDecision(None, f"Still failing after {describe_window(dispatcher, kind)} of retries "
                                   f"({attempts} attempt{'' if attempts == 1 else 's'}): {reason}")
    retry_at = min(ends, now + timedelta(seconds=backoff_delay(dispatcher, attempts, rand)))
    return RetryDecision(retry_at, reason)
