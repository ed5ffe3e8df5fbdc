"""The stable surface plugins import: types, base classes and helpers, and nothing else of core.

A force's plugin imports only ``core.toolkit`` and ``core.hookimpl``, so the core can change
inside without breaking it.
"""

from core.access import MenuLink, public, roles_required
from core.auth.audit import AccessKinds, record_access
from core.constants import ChannelKinds, EntryTypes, MessageStatus, Roles, WriteStatus
from core.conversations.inbound import InboundInvalid, InboundMessage
from core.conversations.inbound import receive as receive_inbound
from core.directory.providers import DirectoryProvider, IndexedProvider
from core.directory.records import Leaflet, ServiceRecord
from core.events import (
    CareLogCompleted,
    CareLogStepRecorded,
    Event,
    MessageFailed,
    MessageQueued,
    MessageSent,
    RecordsEntryFailed,
    RecordsEntryWritten,
    ReferralMade,
    ReplyReceived,
    ResourceSent,
)
from core.i18n import N_, T_, LocaleInfo, TranslationDir
from core.messaging.delivery import (
    Attachment,
    Channel,
    DeliveryError,
    OutboundMessage,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)
from core.messaging.rate_limits import RateLimiter, rate_limiter
from core.messaging.sms import sms_info
from core.messaging.status_updates import StoredMessage, record_delivery_status, references_in_use, stored_message
from core.messaging.templates import Choice, FutureDate, MessageTemplate, Text
from core.records.references import check_format as check_reference_format
from core.settings_help import LOOPBACK_HOSTS, is_loopback_host, plain_text_only_here, secret_setting_messages
from core.referrals.due import (
    CalendarFileError,
    next_school_day_start,
    parse_local,
    parse_start,
    read_term_calendar,
    school_calendar,
)
from core.referrals.schools import (
    SchoolImportError,
    all_schools,
    import_gias_csv,
    local_authorities,
    replace_holidays,
    resolve_school,
    school_label,
    search_schools,
    stored_holidays,
)
from core.referrals.types import FormState, Notification, Recipient, ReferralInvalid, ReferralType
from core.remote_answers import RemoteAnswer, reduce_answer
from core.records.types import (
    ChronologyEntry,
    PermanentRecordsError,
    RecordsError,
    RecordsWriter,
    ReferenceCheck,
    TemporaryRecordsError,
    WriteResult,
)
from core.victims.lookup import RecordedVictim

__all__ = [
    "AccessKinds",
    "Attachment",
    "LOOPBACK_HOSTS",
    "is_loopback_host",
    "plain_text_only_here",
    "secret_setting_messages",
    "CalendarFileError",
    "FormState",
    "Notification",
    "Recipient",
    "ReferralInvalid",
    "ReferralType",
    "SchoolImportError",
    "all_schools",
    "import_gias_csv",
    "local_authorities",
    "next_school_day_start",
    "parse_local",
    "parse_start",
    "read_term_calendar",
    "replace_holidays",
    "resolve_school",
    "school_calendar",
    "school_label",
    "search_schools",
    "stored_holidays",
    "Channel",
    "ChannelKinds",
    "Choice",
    "ChronologyEntry",
    "DeliveryError",
    "DirectoryProvider",
    "EntryTypes",
    "FutureDate",
    "IndexedProvider",
    "Leaflet",
    "MenuLink",
    "Event",
    "CareLogCompleted",
    "CareLogStepRecorded",
    "MessageFailed",
    "MessageQueued",
    "MessageSent",
    "RecordsEntryFailed",
    "RecordsEntryWritten",
    "ReferralMade",
    "ReplyReceived",
    "ResourceSent",
    "InboundInvalid",
    "InboundMessage",
    "LocaleInfo",
    "MessageStatus",
    "MessageTemplate",
    "N_",
    "T_",
    "OutboundMessage",
    "PermanentFailure",
    "PermanentRecordsError",
    "RecordsError",
    "RecordsWriter",
    "RecordedVictim",
    "RateLimiter",
    "ReferenceCheck",
    "RemoteAnswer",
    "Roles",
    "SendResult",
    "ServiceRecord",
    "StoredMessage",
    "TemporaryFailure",
    "TemporaryRecordsError",
    "Text",
    "TranslationDir",
    "WriteResult",
    "WriteStatus",
    "check_reference_format",
    "public",
    "record_access",
    "receive_inbound",
    "rate_limiter",
    "record_delivery_status",
    "reduce_answer",
    "references_in_use",
    "roles_required",
    "sms_info",
    "stored_message",
]
