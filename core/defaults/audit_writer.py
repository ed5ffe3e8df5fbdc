"""The local audit writer: keeps every crime's chronology in the toolkit's own database.

Always enabled, beside whatever records system a force plugs in, so that ``/crimes/<reference>``
can show the whole story even when the force's records system is down.
"""

from sqlalchemy import select

from core import hookimpl
from core.db import utcnow
from core.models.records import AuditChronologyEntry
from core.records.types import RecordsWriter, WriteResult


class LocalAuditWriter(RecordsWriter):
    name = "local_audit"

    def __init__(self, mad):
        self.mad = mad

    def write(self, entry):
        """Store ``entry`` once: a repeated write of the same entry id returns the first row's id.

        Called by the records outbox for one write; returns a :class:`WriteResult`.
        """
        return self.write_many([entry])[0]

    def write_many(self, entries):
        """Store ``entries`` in one transaction, each once by entry id; return their :class:`WriteResult` in order.

        Called by the records outbox's batch path (:mod:`core.records.batch`). An entry already
        stored (a write repeated after a crash) keeps its first row, whose id is returned.
        """
        table = AuditChronologyEntry.__table__
        wanted = list(dict.fromkeys(entry.id for entry in entries))
        with self.mad.session() as session:
            connection = session.connection()
            stored = dict(connection.execute(
                select(table.c.entry_id, table.c.id).where(table.c.entry_id.in_(wanted))).all())
            new = {entry.id: entry for entry in entries if entry.id not in stored}
            if new:
                now = utcnow()
                connection.execute(table.insert(), [
                    {"entry_id": e.id, "crime_reference": e.crime_reference, "entry_type": e.entry_type,
                     "text": e.text, "english_text": e.english_text, "author": e.author,
                     "occurred_at": e.occurred_at, "written_at": now} for e in new.values()])
                stored.update(connection.execute(
                    select(table.c.entry_id, table.c.id).where(table.c.entry_id.in_(list(new)))).all())
        return [WriteResult(external_id=f"audit-{stored[entry.id]}") for entry in entries]


@hookimpl(trylast=True)
def register_records_writers(mad):
    """The local audit writer."""
    return [LocalAuditWriter(mad)]
