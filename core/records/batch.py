"""Records writes in batches: one transaction to claim many, one to store their outcomes.

Each write goes to its writer on its own, unless the writer overrides
:meth:`~core.records.types.RecordsWriter.write_many` (the local audit writer does): then its share of the batch goes in one call, which must return
one :class:`~core.records.types.WriteResult` per entry, in order, and stay idempotent by entry
id; if it raises, those entries are written one by one as usual, so each gets its own outcome.
What the batch saves is database commits (on SQLite each commit waits for the disk). Correctness is the single-write path's: a write is
claimed (``pending`` → ``writing``) before it is attempted, an outcome is stored only while the
write is still ``writing``, and a crash between the two leaves writes in ``writing`` for the
sweeper to return, to be written again and de-duplicated by the writer by entry id.
"""

import logging
import time

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload, lazyload

from core.constants import WriteStatus
from core.db import utcnow
from core.events import RecordsEntryWritten
from core.models.messages import Message
from core.models.records import RecordsWrite
from core.records.details import entry_details
from core.records.outbox import attempt, chronology_entry, entry_event, written
from core.records.types import RecordsWriter

log = logging.getLogger(__name__)

#: While a batch is being written, outcomes are stored at least this often.
STORE_EVERY_SECONDS = 1.0


def claim(mad, write_ids):
    """Claim every pending write of ``write_ids``; return ``[(write id, writer, entry, attempts)]``."""
    now = utcnow()
    with mad.session() as session:
        claimed = session.scalars(
            update(RecordsWrite)
            .where(RecordsWrite.id.in_(write_ids), RecordsWrite.status == WriteStatus.PENDING)
            .values(status=WriteStatus.WRITING, claimed_at=now, attempts=RecordsWrite.attempts + 1)
            .returning(RecordsWrite.id)
        ).all()
        rows = session.scalars(select(RecordsWrite).options(joinedload(RecordsWrite.entry))
                               .where(RecordsWrite.id.in_(claimed)).order_by(RecordsWrite.id)).all()
        message_ids = {row.entry.message_id for row in rows} - {None}
        # One query for every entry's message; held here, as the session only keeps weak references,
        # so that entry_details finds each one already loaded.
        _loaded = session.scalars(select(Message).options(lazyload(Message.attachments))
                                  .where(Message.id.in_(message_ids))).all() if message_ids else []
        return [(row.id, row.writer, chronology_entry(row.entry, entry_details(mad, session, row.entry)), row.attempts)
                for row in rows]


def _store_all(mad, outcomes):
    """Store ``[(write id, values)]`` in one transaction, each only while still ``writing``.

    Outcomes with the same columns go in one executemany, so a batch is a few round trips.
    """
    table = RecordsWrite.__table__
    groups = {}
    for write_id, values in outcomes:
        groups.setdefault(tuple(sorted(values)), []).append(
            {"b_write_id": write_id, **{f"b_{name}": value for name, value in values.items()}})
    with mad.session() as session:
        for names, rows in groups.items():
            statement = (table.update()
                         .where(table.c.id == bindparam("b_write_id"), table.c.status == WriteStatus.WRITING)
                         .values({name: bindparam(f"b_{name}", type_=table.c[name].type) for name in names}))
            session.connection().execute(statement, rows)


def write_batch(mad, write_ids):
    """Claim, write and store ``write_ids`` as one batch; return how many this call claimed.

    Called by the dispatcher with the ids from ``due_write_ids``. Writes not attempted before
    half the lease has passed are handed back as pending, so the sweeper never finds a write this
    call still means to do.
    """
    if not write_ids:
        return 0
    claimed = claim(mad, list(write_ids))
    half_lease = mad.config.dispatcher["lease_seconds"] / 2
    started = time.monotonic()
    outcomes, events, stored_at = [], [], started
    done = _write_many(mad, claimed, outcomes, events)
    for index, (write_id, writer_name, entry, attempts) in enumerate(claimed):
        if write_id in done:
            continue
        if time.monotonic() - started > half_lease:
            outcomes.extend((w[0], {"status": WriteStatus.PENDING, "attempts": w[3] - 1})
                            for w in claimed[index:] if w[0] not in done)
            break
        values, event = attempt(mad, writer_name, entry, attempts)
        outcomes.append((write_id, values))
        if event is not None:
            events.append(event)
        if time.monotonic() - stored_at > STORE_EVERY_SECONDS:  # slow writers: keep the pages up to date
            _flush(mad, outcomes, events)
            _renew(mad, [w[0] for w in claimed[index + 1:] if w[0] not in done])
            stored_at = time.monotonic()
    _flush(mad, outcomes, events)
    return len(claimed)


def _renew(mad, write_ids):
    """The batch's heartbeat: writes still waiting their turn in it are claimed afresh (``claimed_at`` now).

    So the sweeper returns the writes of a batch to pending ``[dispatcher] records_lease_seconds``
    after its worker died, not while it is alive and working through them.
    """
    if write_ids:
        with mad.session() as session:
            session.execute(update(RecordsWrite).where(RecordsWrite.id.in_(write_ids),
                                                       RecordsWrite.status == WriteStatus.WRITING)
                            .values(claimed_at=utcnow()))


def _write_many(mad, claimed, outcomes, events):
    """Hand each ``write_many`` writer its share of ``claimed`` in one call; return the write ids done.

    Adds each done write's outcome and event to ``outcomes`` and ``events``. A writer whose
    ``write_many`` raises (or answers with the wrong number of results) is left to the one-by-one path.
    """
    shares = {}
    for write_id, writer_name, entry, _ in claimed:
        writer = mad.writers.get(writer_name)
        if isinstance(writer, RecordsWriter) and writer.writes_in_batches():
            shares.setdefault(writer_name, []).append((write_id, entry))
    done = set()
    for writer_name, share in shares.items():
        try:
            results = list(mad.writers[writer_name].write_many([entry for _, entry in share]))
            if len(results) != len(share):
                raise ValueError(f"write_many returned {len(results)} results for {len(share)} entries")
        except Exception:
            log.warning("records write_many failed; writing one by one", extra={"writer": writer_name})
            continue
        written_at = utcnow()
        for (write_id, entry), result in zip(share, results):
            outcomes.append((write_id, written(result, written_at)))
            events.append(RecordsEntryWritten(**entry_event(entry, writer_name)))
            done.add(write_id)
    return done


def _flush(mad, outcomes, events):
    """Store the outcomes so far in one transaction, then fire their events; empties both lists."""
    if outcomes:
        _store_all(mad, outcomes)
    for event in events:
        mad.track_event(event)
    outcomes.clear()
    events.clear()
