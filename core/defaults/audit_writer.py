"""The local audit writer: keeps every crime's chronology in the toolkit's own database.

Always enabled, beside whatever records system a force plugs in, so that ``/crimes/<reference>``
can show the whole story even when the force's records system is down.
"""

from sqlalchemy import select

from core import hookimpl
from core.models.records import AuditChronologyEntry
from core.records.types import RecordsWriter, WriteResult


class LocalAuditWriter(RecordsWriter):
    name = "local_audit"

    def __init__(self, mad):
        self.mad = mad

    def write(self, entry):
        """Store ``entry`` once: a repeated write of the same entry id returns the first row's id."""
        with self.mad.session() as session:
            existing = session.scalar(select(AuditChronologyEntry).where(AuditChronologyEntry.entry_id == entry.id))
            if existing is None:
                existing = AuditChronologyEntry(
                    entry_id=entry.id,
                    crime_reference=entry.crime_reference,
                    entry_type=entry.entry_type,
                    text=entry.text,
                    english_text=entry.english_text,
                    author=entry.author,
                    occurred_at=entry.occurred_at,
                )
                session.add(existing)
                session.flush()
            return WriteResult(external_id=f"audit-{existing.id}")


@hookimpl(trylast=True)
def register_records_writers(mad):
    """The local audit writer."""
    return [LocalAuditWriter(mad)]
