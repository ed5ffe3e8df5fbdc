"""Records entries reach every records writer once, whatever fails on the way."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.events import RecordsEntryFailed, RecordsEntryWritten
from core import hookimpl
from core.db import utcnow
from core.messaging.service import prepare, queue
from core.models import AuditChronologyEntry, RecordsWrite
from core.toolkit import PermanentRecordsError, RecordsWriter, TemporaryRecordsError, WriteResult
from tests.factories import update_request

REQUEST = update_request(locale="cy")


class FakeRecordsSystem(RecordsWriter):
    """A records system that keeps entries by id (as the contract demands) and fails as scripted."""

    name = "force_records"

    def __init__(self, script=()):
        self.script = list(script)
        self.entries = {}
        self.calls = 0

    def write(self, entry):
        self.calls += 1
        outcome = self.script.pop(0) if self.script else None
        if isinstance(outcome, TimeoutError):
            self.entries.setdefault(entry.id, entry)  # written, but the answer never came back
            raise outcome
        if outcome is not None:
            raise outcome
        self.entries.setdefault(entry.id, entry)
        return WriteResult(external_id=f"PW-{len(self.entries)}")


class WriterPlugin:
    def __init__(self, writer):
        self.writer = writer
        self.events = []

    @hookimpl
    def register_records_writers(self, mad):
        return [self.writer]

    @hookimpl
    def track_event(self, event):
        if isinstance(event, RecordsEntryFailed):
            self.events.append(("failed", event.writer, event.reason))
        elif isinstance(event, RecordsEntryWritten):
            self.events.append(("written", event.writer))


@pytest.fixture
def with_writer(make_mad_app, database):
    def make(script=()):
        writer = FakeRecordsSystem(script)
        plugin = WriterPlugin(writer)
        mad = make_mad_app(plugins=[plugin], database=database).extensions["mad"]
        message, _ = queue(mad, prepare(mad, REQUEST), None)
        return mad, writer, plugin, message

    return make


def writes(mad):
    with mad.session() as session:
        return {w.writer: w for w in session.scalars(select(RecordsWrite))}


def test_register_records_writers_every_writer_gets_the_entry_with_the_welsh_text_and_its_english_meaning(with_writer):
    mad, writer, plugin, message = with_writer()
    mad.dispatcher.drain()
    state = writes(mad)
    assert {name: w.status for name, w in state.items()} == {"force_records": "written", "local_audit": "written"}
    assert state["force_records"].external_id == "PW-1"
    (entry,) = writer.entries.values()
    assert "cyfeirnod eich trosedd yw 06/123456/26" in entry.text
    assert "your crime reference is 06/123456/26" in entry.english_text
    assert "in Welsh" in entry.text and "+4477009***23" in entry.text


def test_records_entry_written_fires_once_per_writer_after_the_write_is_stored(with_writer):
    mad, _writer, plugin, _message = with_writer()
    mad.dispatcher.drain()
    mad.dispatcher.drain()  # nothing more is due: no event fires again
    assert sorted(e for e in plugin.events if e[0] == "written") == [("written", "force_records"),
                                                                    ("written", "local_audit")]


def test_a_timeout_after_the_write_landed_does_not_make_a_second_entry(with_writer):
    mad, writer, plugin, _ = with_writer([TimeoutError("no answer")])
    mad.dispatcher.drain()
    assert writes(mad)["force_records"].status == "written"
    assert writer.calls == 2 and len(writer.entries) == 1


def test_an_outage_is_retried_and_the_local_audit_is_not_held_up(with_writer):
    mad, writer, plugin, _ = with_writer([TemporaryRecordsError("records system unavailable")])
    mad.config.dispatcher["backoff_seconds"] = 60.0
    mad.dispatcher.drain()
    state = writes(mad)
    assert state["local_audit"].status == "written"
    assert state["force_records"].status == "pending"
    assert state["force_records"].last_error == "records system unavailable"
    with mad.session() as session:
        session.execute(update(RecordsWrite).values(next_attempt_at=utcnow()))
    mad.dispatcher.drain()
    assert writes(mad)["force_records"].status == "written" and len(writer.entries) == 1


def test_a_permanent_error_fails_the_write_with_its_reason_in_records_entry_failed(with_writer):
    mad, writer, plugin, _ = with_writer([PermanentRecordsError("Crime 06/123456/26 does not exist")])
    mad.dispatcher.drain()
    failed = writes(mad)["force_records"]
    assert (failed.status, failed.last_error, writer.calls) == ("failed", "Crime 06/123456/26 does not exist", 1)
    assert ("failed", "force_records", "Crime 06/123456/26 does not exist") in plugin.events


def test_a_write_left_half_done_by_a_crash_is_finished_once(with_writer):
    mad, writer, plugin, _ = with_writer()
    mad.dispatcher.drain()
    with mad.session() as session:
        session.execute(update(RecordsWrite).values(status="writing", claimed_at=utcnow() - timedelta(hours=1)))
    from core.dispatcher import Dispatcher

    Dispatcher(mad).drain()  # a fresh process sweeps on its first run
    assert {w.status for w in writes(mad).values()} == {"written"}
    assert len(writer.entries) == 1
    with mad.session() as session:
        assert len(session.scalars(select(AuditChronologyEntry)).all()) == 1
