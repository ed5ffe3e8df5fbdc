"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""

from core.db import Base
from core.models.access_audit import AccessRecord
from core.models.conversations import InboundReply, OptOut, SatisfactionCheck
from core.models.directory import (
    DirectoryAttachment, DirectoryChange, DirectoryOrganisation, DirectoryReport, DirectoryService,
)
from core.models.messages import Message, MessageAttachment
from core.models.partner import PartnerReferral, PartnerReferralChange
from core.models.people import User
from core.models.records import AuditChronologyEntry, RecordsEntry, RecordsWrite
from core.models.resources import (
    Resource, ResourceAttachment, ResourceChange, ResourceSend, Section, SectionChange,
)
from core.models.referrals import LocalAuthority, Referral, ReferralNotification, School, SchoolHoliday
from core.models.sandbox import SandboxCapture
from core.models.translations import TranslationReview

__all__ = ["AccessRecord", "AuditChronologyEntry", "Base", "DirectoryAttachment", "DirectoryChange", "DirectoryOrganisation",
           "DirectoryReport", "DirectoryService", "LocalAuthority", "Message", "MessageAttachment", "PartnerReferral", "PartnerReferralChange", "RecordsEntry", "RecordsWrite", "Referral", "Resource", "ResourceAttachment",
           "ResourceChange", "ResourceSend", "Section", "SectionChange", "ReferralNotification", "SandboxCapture", "School",
           "SchoolHoliday", "TranslationReview", "User"]
__all__ = ["AuditChronologyEntry", "Base", "DirectoryAttachment", "DirectoryChange", "DirectoryOrganisation",
           "DirectoryReport", "DirectoryService", "InboundReply", "OptOut", "SatisfactionCheck", "Message", "MessageAttachment", "RecordsEntry", "RecordsWrite", "SandboxCapture", "TranslationReview", "User"]
