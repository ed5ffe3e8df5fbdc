"""Claimers running at once, for the tests that no two of them ever take the same message."""

import threading

from core.db import utcnow
from core.messaging.claims import claim


def claim_batch(mad, count):
    """Claim up to ``count`` messages in one transaction, as a delivery loop claims them one by one."""
    with mad.db.transaction() as connection:
        claimed = (claim(connection, utcnow()) for _ in range(count))
        return [message for message in claimed if message is not None]


def claimed_ids(mad, count):
    """One round of a claimer that takes batches of ``count``: the ids of the messages it claimed."""
    return [message.id for message in claim_batch(mad, count)]


def run_at_once(rounds, workers, timeout=60):
    """Start ``workers`` threads together, each calling ``rounds()`` until a round takes nothing.

    ``rounds`` is one round of one worker (claim a batch, deliver what is due) and returns what it
    took. Returns what each worker took, in the order it took it: one list per worker, a worker
    still running after ``timeout`` seconds counted as having taken nothing.
    """
    takings, barrier = {}, threading.Barrier(workers)

    def worker(number):
        barrier.wait()
        mine = []
        while taken := rounds():
            mine.extend(taken)
        takings[number] = mine

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return [takings.get(number, []) for number in range(workers)]
