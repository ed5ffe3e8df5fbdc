"""Celery workers at force scale: two workers at once, one killed mid-batch, lost tasks, retries.

Real Redis and RabbitMQ, real PostgreSQL shared by the test and the workers, real worker
processes. The channel logs every send attempt to a file, so a message sent twice would show.
"""

import os
import signal
import time
from collections import Counter

import pytest
from sqlalchemy import select

from core.messaging.service import prepare, queue
from core.models import Message, RecordsEntry, RecordsWrite

pytestmark = pytest.mark.postgres

REQUEST = {"crime_reference": "06/123456/26", "kind": "sms", "locale": "en",
           "template_id": "crime_reference_assigned", "fields": {"officer_name": "PC 1234 Jones"}}


def send_many(mad, count):
    """Queue ``count`` texts as an officer's Send would; return their ids."""
    ids = []
    for number in range(count):
        message, created = queue(mad, prepare(mad, {**REQUEST, "recipient": f"07700 900{number % 1000:03d}"}), None)
        assert created
        ids.append(message.id)
    return ids


def statuses(mad):
    with mad.session() as session:
        return {m.id: (m.status, m.failure_reason) for m in session.scalars(select(Message))}


def wait_until_final(mad, ids, timeout=90.0):
    """Wait until every message has an outcome and every records write is done; return the statuses."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = statuses(mad)
        with mad.session() as session:
            writes = session.scalars(select(RecordsWrite.status)).all()
        if all(found[i][0] in ("sent", "failed") for i in ids) and all(w == "written" for w in writes):
            return found
        time.sleep(0.25)
    left = Counter(status for status, _ in statuses(mad).values())
    raise AssertionError(f"not finished after {timeout}s: {dict(left)}")


def wait_for_sends(instance, by, count, problem, timeout=60.0):
    """Wait until ``count`` sends were made by a worker whose pid ``by(pid)`` accepts."""
    deadline = time.monotonic() + timeout
    while sum(1 for _id, pid in instance.sends() if by(pid)) < count:
        assert time.monotonic() < deadline, problem
        time.sleep(0.02)


def assert_each_sent_exactly_once(instance, ids, found):
    attempts = Counter(message_id for message_id, _pid in instance.sends())
    assert set(attempts) <= set(ids)
    assert [i for i, n in attempts.items() if n > 1] == [], "a victim would have had the same text twice"
    for message_id in ids:
        status, reason = found[message_id]
        if status == "failed":
            assert reason and attempts[message_id] <= 1
        else:
            assert status == "sent" and attempts[message_id] == 1


def test_two_workers_deliver_a_batch_each_message_exactly_once_with_its_record(force_instance):
    instance = force_instance(delay=0.01)
    first = instance.start_worker("first", beat=True, via_mad=True)
    second = instance.start_worker("second")
    ids = send_many(instance.mad, 200)
    found = wait_until_final(instance.mad, ids)
    assert_each_sent_exactly_once(instance, ids, found)
    assert Counter(status for status, _ in found.values()) == {"sent": 200}
    by_worker = Counter(pid for _id, pid in instance.sends())
    assert set(by_worker) == {str(first.pid), str(second.pid)}, f"both workers should deliver: {by_worker}"
    with instance.mad.session() as session:
        entries = session.scalars(select(RecordsEntry).where(RecordsEntry.message_id.in_(ids))).all()
    assert len(entries) == 200 and all(e.entry_type == "message_sent" for e in entries)


def test_killing_a_worker_mid_batch_loses_nothing_and_sends_nothing_twice(force_instance):
    # The worker to be killed runs alone until it is killed, so every message in hand (sending)
    # when it dies is surely its own, however slowly the machine starts processes (200 texts take
    # it 30 s alone); the survivor, with beat's sweeper, starts after and must finish them.
    instance = force_instance(delay=0.15, lease=3.0)
    victim = instance.start_worker("victim")
    ids = send_many(instance.mad, 200)
    wait_for_sends(instance, lambda pid: pid == str(victim.pid), 5, "the first worker never started delivering")
    deadline = time.monotonic() + 10
    while not any(status == "sending" for status, _ in statuses(instance.mad).values()):
        assert time.monotonic() < deadline, "no message was in hand"
        time.sleep(0.005)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(10)
    sent_when_killed = len(instance.sends())
    in_flight = [i for i, (status, _) in statuses(instance.mad).items() if status == "sending"]
    assert sent_when_killed < 200 and in_flight, "the kill should land mid-batch"
    survivor = instance.start_worker("survivor", beat=True, via_mad=True)
    wait_for_sends(instance, lambda pid: pid == str(survivor.pid), 1, "the second worker never started delivering")
    found = wait_until_final(instance.mad, ids)
    assert_each_sent_exactly_once(instance, ids, found)
    assert Counter(status for status, _ in found.values()) == {"sent": 200}, "the channel can confirm every send"
    with instance.mad.session() as session:
        attempts = dict(session.execute(select(Message.id, Message.attempts)).all())
    senders = dict(instance.sends())
    resent_after_lookup = [i for i in in_flight if attempts[i] > 1 and senders[i] != str(victim.pid)]
    confirmed_by_lookup = [i for i in in_flight if senders[i] == str(victim.pid)]
    assert resent_after_lookup or confirmed_by_lookup, "the killed worker held messages: the sweeper finished them"


def test_tasks_lost_by_the_broker_are_delivered_by_the_sweeper(force_instance):
    from tests.dispatch.conftest import purge_queue

    instance = force_instance()
    ids = send_many(instance.mad, 30)
    purge_queue(instance.env["MAD_BROKER_URL"], instance.queue)  # every task the web app enqueued is gone
    assert all(status == "queued" for status, _ in statuses(instance.mad).values())
    instance.start_worker("sweeper", beat=True, via_mad=True)
    found = wait_until_final(instance.mad, ids, timeout=60)
    assert_each_sent_exactly_once(instance, ids, found)
    assert Counter(status for status, _ in found.values()) == {"sent": 30}


def test_temporary_failures_are_retried_by_the_sweeper_and_sent_once(force_instance):
    instance = force_instance(fail_first=True)
    instance.start_worker("retrier", beat=True, via_mad=True)
    ids = send_many(instance.mad, 30)
    found = wait_until_final(instance.mad, ids, timeout=60)
    assert_each_sent_exactly_once(instance, ids, found)
    with instance.mad.session() as session:
        attempts = session.scalars(select(Message.attempts).where(Message.id.in_(ids))).all()
    assert Counter(status for status, _ in found.values()) == {"sent": 30} and set(attempts) == {2}


def test_a_worker_killed_mid_batch_delays_only_what_it_held_and_by_no_more_than_a_minute(force_instance):
    from datetime import timedelta

    from sqlalchemy import update

    from core.db import utcnow

    instance = force_instance(delay=0.1, lease=300.0)  # the default lease: a batch held by a dead worker waited 5 min
    instance.start_worker("survivor", beat=True, via_mad=True)
    victim = instance.start_worker("victim")
    ids = send_many(instance.mad, 200)
    deadline = time.monotonic() + 60
    while sum(pid == str(victim.pid) for _id, pid in instance.sends()) < 10:
        assert time.monotonic() < deadline, "the second worker never started delivering"
        time.sleep(0.02)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(10)
    killed_at = time.monotonic()
    while True:  # everything but what the dead worker's threads had in hand is finished within a minute
        found = statuses(instance.mad)
        with instance.mad.session() as session:
            writes = dict(session.execute(select(RecordsEntry.message_id, RecordsWrite.status)
                                          .join(RecordsWrite, RecordsWrite.entry_id == RecordsEntry.id)).all())
        waiting = [i for i in ids if found[i][0] != "sent"]
        unwritten = [i for i in ids if found[i][0] == "sent" and writes[i] != "written"]
        if len(waiting) <= 4 and not unwritten:
            break
        assert time.monotonic() - killed_at < 60, (f"a minute after the kill {len(waiting)} messages and "
                                                   f"{len(unwritten)} records writes still wait")
        time.sleep(0.25)
    assert all(found[i][0] == "sending" for i in waiting), "only messages in the dead worker's hands wait"
    with instance.mad.session() as session:  # their lease runs out (5 minutes, not waited for here)
        session.execute(update(Message).where(Message.id.in_(waiting))
                        .values(claimed_at=utcnow() - timedelta(seconds=301)))
    found = wait_until_final(instance.mad, ids, timeout=60)
    assert_each_sent_exactly_once(instance, ids, found)
    assert Counter(status for status, _ in found.values()) == {"sent": 200}
