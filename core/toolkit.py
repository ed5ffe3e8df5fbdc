"""The stable surface plugins import: types, base classes and helpers, and nothing else of core.

A force's plugin imports only ``core.toolkit`` and ``core.hookimpl``, so the core can change
inside without breaking it.
"""

from core.constants import ChannelKinds, EntryTypes, MessageStatus, Roles, WriteStatus
from core.events import Event
from core.i18n import N_, LocaleInfo, TranslationDir
from core.messaging.delivery import (
    Attachment,
    Channel,
    DeliveryError,
    OutboundMessage,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)
from core.messaging.sms import sms_info
from core.messaging.templates import Choice, MessageTemplate, Text
from core.records.types import (
    ChronologyEntry,
    PermanentRecordsError,
    RecordsError,
    RecordsWriter,
    ReferenceCheck,
    TemporaryRecordsError,
    WriteResult,
)
from core.web.access import public, roles_required

__all__ = [
    "Attachment",
    "Channel",
    "ChannelKinds",
    "Choice",
    "ChronologyEntry",
    "DeliveryError",
    "EntryTypes",
    "Event",
    "LocaleInfo",
    "MessageStatus",
    "MessageTemplate",
    "N_",
    "OutboundMessage",
    "PermanentFailure",
    "PermanentRecordsError",
    "RecordsError",
    "RecordsWriter",
    "ReferenceCheck",
    "Roles",
    "SendResult",
    "TemporaryFailure",
    "TemporaryRecordsError",
    "Text",
    "TranslationDir",
    "WriteResult",
    "WriteStatus",
    "public",
    "roles_required",
    "sms_info",
]
