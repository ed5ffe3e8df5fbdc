"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""

from core.db import Base
from core.models.api import (
    ApiCall, ApiIdempotencyKey, ApiToken, WebhookAttempt, WebhookDelivery, WebhookEndpoint,
)
from core.models.access_audit import AccessRecord
from core.models.conversations import InboundReply, OptOut, SatisfactionCheck
from core.models.directory import (
    DirectoryAttachment, DirectoryChange, DirectoryOrganisation, DirectoryReport, DirectorySearchState,
    DirectoryService,
)
from core.models.messages import Message, MessageAttachment
from core.models.partner import (PartnerReferral, PartnerReferralChange, PartnerSend, PartnerTemplate,
                                 PartnerTemplateChange)
from core.models.people import User
from core.models.records import AuditChronologyEntry, RecordsEntry, RecordsWrite
from core.models.rollups import compliance_daily, compliance_outcomes, rollup_state, usage_daily
from core.models.resources import (
    Resource, ResourceAttachment, ResourceChange, ResourceSend, Section, SectionChange,
)
from core.models.referrals import LocalAuthority, Referral, ReferralNotification, School, SchoolHoliday
from core.models.sandbox import SandboxCapture
from core.models.translations import TranslationReview
from core.models.victims import CareDuty, CareLogStep, RingBack, Victim, VictimContact

__all__ = [
    "AccessRecord",
    "ApiCall",
    "ApiIdempotencyKey",
    "ApiToken",
    "AuditChronologyEntry",
    "Base",
    "CareDuty",
    "CareLogStep",
    "DirectoryAttachment",
    "DirectoryChange",
    "DirectoryOrganisation",
    "DirectoryReport",
    "DirectorySearchState",
    "DirectoryService",
    "InboundReply",
    "LocalAuthority",
    "Message",
    "MessageAttachment",
    "OptOut",
    "PartnerReferral",
    "PartnerReferralChange",
    "PartnerSend",
    "PartnerTemplate",
    "PartnerTemplateChange",
    "RecordsEntry",
    "RecordsWrite",
    "Referral",
    "ReferralNotification",
    "Resource",
    "ResourceAttachment",
    "ResourceChange",
    "ResourceSend",
    "RingBack",
    "SandboxCapture",
    "SatisfactionCheck",
    "School",
    "SchoolHoliday",
    "Section",
    "SectionChange",
    "TranslationReview",
    "User",
    "Victim",
    "VictimContact",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "compliance_daily",
    "compliance_outcomes",
    "rollup_state",
    "usage_daily",
]
