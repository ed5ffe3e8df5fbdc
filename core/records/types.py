"""What a records-writer plugin receives and returns."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ChronologyEntry:
    """One entry for a crime's chronology. ``id`` is stable across retries: use it to de-duplicate."""

    id: str
    crime_reference: str
    entry_type: str
    text: str
    author: str
    occurred_at: datetime
    english_text: str | None = None
    #: Structured facts beside the text (for a message: template, channel, language, masked recipient).
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class WriteResult:
    """A writer's answer: the records system's own id for the entry."""

    external_id: str | None = None


class RecordsError(Exception):
    """Base of the errors a records writer raises; ``reason`` is shown to admins."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class PermanentRecordsError(RecordsError):
    """The entry can never be written as it is (for example, the crime reference is unknown)."""


class TemporaryRecordsError(RecordsError):
    """The records system is unreachable or busy; the entry is retried with backoff."""


@dataclass(frozen=True)
class ReferenceCheck:
    """The answer of ``check_crime_reference``: ``ok`` (perhaps with a ``notice``) or a ``problem`` an officer can act on."""

    ok: bool
    normalised: str | None = None
    problem: str | None = None
    #: Something the officer should know though the reference was accepted (shown on the preview).
    notice: str | None = None


class RecordsWriter:
    """Base class for records-writer plugins: set ``name`` and implement :meth:`write`.

    Optional: override :meth:`write_many` when the records system takes many entries in one call
    (the local audit writer does); the records outbox then hands a writer its share of each batch
    at once (:mod:`core.records.batch`). Checks go through :meth:`writes_in_batches`, never
    ``getattr``.
    """

    name = None

    def write(self, entry):
        """Write ``entry`` (a :class:`ChronologyEntry`) into the records system.

        Called by the dispatcher until it succeeds. Must be idempotent by ``entry.id``: writing
        the same entry twice leaves one entry. Returns a :class:`WriteResult`; raises
        :class:`PermanentRecordsError` or :class:`TemporaryRecordsError`; any other exception is
        retried as temporary.
        """
        raise NotImplementedError

    def write_many(self, entries):
        """Write several entries; return one :class:`WriteResult` per entry, in the order given.

        Optional. Called by the records outbox's batch path with this writer's share of a batch,
        only when a subclass overrides it (:meth:`writes_in_batches`). Must be idempotent by
        entry id, like :meth:`write`; if it raises (or answers with the wrong number of results),
        the entries are written one by one with :meth:`write`, so each gets its own outcome. The
        default writes them one by one.
        """
        return [self.write(entry) for entry in entries]

    @classmethod
    def writes_in_batches(cls):
        """True when this writer overrides :meth:`write_many` (so the batch path should use it)."""
        return cls.write_many is not RecordsWriter.write_many
