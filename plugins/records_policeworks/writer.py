"""The PoliceWorks records writer: one chronology entry per toolkit entry, whatever is retried."""

import logging

from core.toolkit import RecordsWriter, WriteResult
from plugins.records_policeworks.client import PoliceWorksClient

log = logging.getLogger(__name__)

WRITER_NAME = "policeworks"


class PoliceWorksWriter(RecordsWriter):
    """Writes entries through :class:`PoliceWorksClient`; PoliceWorks de-duplicates by entry id."""

    name = WRITER_NAME

    def __init__(self, settings):
        self.settings = settings
        self.client = PoliceWorksClient(settings)

    def write(self, entry):
        """Add ``entry`` to the crime's chronology in PoliceWorks.

        Called by the records outbox until it lands. Returns a :class:`WriteResult` with the
        PoliceWorks records id (the same id when a retry finds the entry already there).
        """
        records_id, duplicate = self.client.add_chronology_entry(entry)
        if duplicate:
            log.info("records entry was already in PoliceWorks", extra={"entry_id": entry.id})
        return WriteResult(external_id=records_id)
