"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""

from core.db import Base
from core.models.messages import Message, MessageAttachment
from core.models.people import User
from core.models.records import AuditChronologyEntry, RecordsEntry, RecordsWrite
from core.models.sandbox import SandboxCapture

__all__ = ["AuditChronologyEntry", "Base", "Message", "MessageAttachment", "RecordsEntry", "RecordsWrite", "SandboxCapture", "User"]
