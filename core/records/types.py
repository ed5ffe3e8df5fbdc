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
    """Base class for records-writer plugins: set ``name`` and implement :meth:`write`."""

    name = None

    def write(self, entry):
        """Write ``entry`` (a :class:`ChronologyEntry`) into the records system.

        Called by the dispatcher until it succeeds. Must be idempotent by ``entry.id``: writing
        the same entry twice leaves one entry. Returns a :class:`WriteResult`; raises
        :class:`PermanentRecordsError` or :class:`TemporaryRecordsError`; any other exception is
        retried as temporary.
        """
        raise NotImplementedError
