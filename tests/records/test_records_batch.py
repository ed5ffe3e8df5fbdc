"""Records writes in batches: claimed once, written once, outcomes stored, nothing taken that is in hand."""

import time

from sqlalchemy import select, update

from core import hookimpl
from core.messaging.service import prepare, queue
from core.models import RecordsWrite
from core.records.batch import write_batch
from core.toolkit import RecordsWriter, TemporaryRecordsError, WriteResult
from tests.factories import update_request

REQUEST = update_request()


class SlowRecordsSystem(RecordsWriter):
    name = "force_records"

    def __init__(self, pause=0.0, fail_ids=()):
        self.pause, self.fail_ids, self.written = pause, set(fail_ids), []

    def write(self, entry):
        time.sleep(self.pause)
        if entry.id in self.fail_ids:
            raise TemporaryRecordsError("records system busy")
        self.written.append(entry.id)
        return WriteResult(external_id=f"R-{len(self.written)}")

    @hookimpl
    def register_records_writers(self, mad):
        return [self]


def setup(make_mad_app, writer, count, database="sqlite"):
    mad = make_mad_app(plugins=[writer], database=database).extensions["mad"]
    mad.config.dispatcher["backoff_seconds"] = 60.0
    for n in range(count):
        queue(mad, prepare(mad, {**REQUEST, "recipient": f"07700 900{n:03d}"}), None)
    mad.dispatcher.drain()  # delivers the messages and writes everything once
    with mad.session() as session:
        session.execute(update(RecordsWrite).values(status="pending", attempts=0))
    writer.written.clear()
    with mad.session() as session:
        return mad, session.scalars(select(RecordsWrite.id).where(RecordsWrite.writer == "force_records")).all()


def statuses(mad):
    with mad.session() as session:
        return {w.id: (w.status, w.attempts, w.last_error) for w in
                session.scalars(select(RecordsWrite).where(RecordsWrite.writer == "force_records"))}


def test_a_batch_writes_each_pending_write_once_and_stores_every_outcome(make_mad_app, database):
    writer = SlowRecordsSystem()
    mad, ids = setup(make_mad_app, writer, 3, database)
    with mad.session() as session:  # another dispatcher already has this one in hand
        session.execute(update(RecordsWrite).where(RecordsWrite.id == ids[0]).values(status="writing"))
    writer.fail_ids = set()
    assert write_batch(mad, ids) == 2
    assert write_batch(mad, ids) == 0  # nothing left pending: nothing claimed twice
    state = statuses(mad)
    assert state[ids[0]] == ("writing", 0, None)
    assert [state[i] for i in ids[1:]] == [("written", 1, None)] * 2
    assert len(writer.written) == 2


def test_a_failure_in_a_batch_waits_for_its_retry_without_holding_up_the_rest(make_mad_app):
    writer = SlowRecordsSystem()
    mad, ids = setup(make_mad_app, writer, 3)
    with mad.session() as session:
        failing_entry = session.get(RecordsWrite, ids[1]).entry_id
    writer.fail_ids = {failing_entry}
    write_batch(mad, ids)
    state = statuses(mad)
    assert state[ids[1]] == ("pending", 1, "records system busy")
    assert state[ids[0]][0] == state[ids[2]][0] == "written"


def test_writes_not_reached_within_half_the_lease_are_handed_back(make_mad_app):
    writer = SlowRecordsSystem(pause=0.6)
    mad, ids = setup(make_mad_app, writer, 3)
    mad.config.dispatcher["lease_seconds"] = 1.0
    assert write_batch(mad, ids) == 3
    state = statuses(mad)
    assert sorted(s[:2] for s in state.values()) == [("pending", 0), ("pending", 0), ("written", 1)]
    assert len(writer.written) == 1  # the two handed back were not attempted, nor counted as attempts
