"""Writers that store a batch at once (``write_many``): the local audit writer, and the batch path's use of it."""

from sqlalchemy import func, select, update

from core import hookimpl
from core.db import utcnow
from core.messaging.service import prepare, queue
from core.models import AuditChronologyEntry, RecordsWrite
from core.records.batch import write_batch
from core.toolkit import ChronologyEntry, RecordsWriter, WriteResult
from tests.factories import update_request

REQUEST = update_request()


def entry(n):
    return ChronologyEntry(id=f"00000000-0000-0000-0000-{n:012d}", crime_reference="06/123456/26",
                           entry_type="message_sent", text=f"Update {n}", author="PC 1234 Jones", occurred_at=utcnow())


def audit_rows(mad):
    with mad.session() as session:
        return session.execute(select(AuditChronologyEntry.entry_id, func.count())
                               .group_by(AuditChronologyEntry.entry_id)).all()


def test_the_local_audit_writer_stores_a_batch_once_per_entry_id(make_mad_app, database):
    mad = make_mad_app(database=database).extensions["mad"]
    writer = mad.writers["local_audit"]

    first = writer.write_many([entry(1), entry(2)])
    again = writer.write_many([entry(2), entry(3), entry(1)])  # a batch repeated after a crash, plus a new one

    assert again[0] == first[1] and again[2] == first[0], "a repeated entry answers with its first row's id"
    assert len({r.external_id for r in again}) == 3
    assert sorted(count for _, count in audit_rows(mad)) == [1, 1, 1]
    assert writer.write(entry(3)) == again[1]


class BatchRecordsSystem(RecordsWriter):
    """A records system that takes batches; ``broken`` makes the batch call fail."""

    name = "batch_records"

    def __init__(self, broken=False):
        self.broken, self.batches, self.singles = broken, [], []

    def write_many(self, entries):
        if self.broken:
            raise ConnectionError("batch endpoint down")
        self.batches.append([e.id for e in entries])
        return [WriteResult(external_id=f"B-{e.id[:8]}") for e in entries]

    def write(self, entry):
        self.singles.append(entry.id)
        return WriteResult(external_id=f"S-{entry.id[:8]}")

    @hookimpl
    def register_records_writers(self, mad):
        return [self]


def pending_batch(make_mad_app, writer, count):
    mad = make_mad_app(plugins=[writer]).extensions["mad"]
    for n in range(count):
        queue(mad, prepare(mad, {**REQUEST, "recipient": f"07700 900{n:03d}"}), None)
    mad.dispatcher.drain()
    writer.batches.clear()
    writer.singles.clear()
    with mad.session() as session:
        session.execute(update(RecordsWrite).where(RecordsWrite.writer == "batch_records")
                        .values(status="pending", attempts=0, external_id=None))
        return mad, session.scalars(select(RecordsWrite.id).where(RecordsWrite.writer == "batch_records")).all()


def external_ids(mad, ids):
    with mad.session() as session:
        return [(w.status, w.external_id) for w in
                session.scalars(select(RecordsWrite).where(RecordsWrite.id.in_(ids)).order_by(RecordsWrite.id))]


def test_the_batch_path_hands_a_write_many_writer_its_share_in_one_call(make_mad_app):
    writer = BatchRecordsSystem()
    mad, ids = pending_batch(make_mad_app, writer, 4)

    assert write_batch(mad, ids) == 4

    assert len(writer.batches) == 1 and len(writer.batches[0]) == 4 and writer.singles == []
    assert all(status == "written" and ext.startswith("B-") for status, ext in external_ids(mad, ids))


def test_when_write_many_fails_each_entry_is_written_on_its_own(make_mad_app):
    writer = BatchRecordsSystem(broken=True)
    mad, ids = pending_batch(make_mad_app, writer, 3)

    assert write_batch(mad, ids) == 3

    assert len(writer.singles) == 3
    assert all(status == "written" and ext.startswith("S-") for status, ext in external_ids(mad, ids))


class OneByOneRecordsSystem(RecordsWriter):
    """A records system that only takes one entry at a time (no ``write_many`` of its own)."""

    name = "one_by_one"

    def write(self, entry):
        return WriteResult(external_id=f"S-{entry.id[-4:]}")


def test_write_many_is_declared_on_the_base_class_and_used_only_when_a_writer_overrides_it():
    assert BatchRecordsSystem.writes_in_batches() and not OneByOneRecordsSystem.writes_in_batches()
    # The default loops write, in order, so a caller may always use it.
    assert OneByOneRecordsSystem().write_many([entry(1), entry(2)]) == [WriteResult(external_id="S-0001"),
                                                                        WriteResult(external_id="S-0002")]
