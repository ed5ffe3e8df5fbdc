"""Named constants: roles, channel kinds and the statuses a message or records write moves through."""


class Roles:
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    VSC = "vsc"
    ANALYST = "analyst"
    ADMIN = "admin"
    #: Staff of the force's commissioned victims' service: directory, resources, sections, and only
    #: the victims referred to them.
    PARTNER = "partner"
    ALL = (OFFICER, SUPERVISOR, VSC, ANALYST, ADMIN, PARTNER)
    #: Who may see victims' details and send to them.
    VICTIM_CONTACT = (OFFICER, SUPERVISOR, ADMIN)


class ChannelKinds:
    SMS = "sms"
    EMAIL = "email"
    ALL = (SMS, EMAIL)


class MessageStatus:
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    #: The dispatcher stopped while sending and the channel cannot say whether the provider has
    #: it: it may have been delivered. Never resent by itself; a delivery receipt may still settle it.
    UNKNOWN = "unknown"
    ALL = (QUEUED, SENDING, SENT, DELIVERED, FAILED, UNKNOWN)
    #: A final status is never changed again, not even by a late delivery callback.
    FINAL = (DELIVERED, FAILED)
    PENDING = (QUEUED, SENDING)
    #: Outcomes an officer must act on (shown on their home page, counted by /healthz).
    NEEDS_ATTENTION = (FAILED, UNKNOWN)


class WriteStatus:
    PENDING = "pending"
    WRITING = "writing"
    WRITTEN = "written"
    FAILED = "failed"
    ALL = (PENDING, WRITING, WRITTEN, FAILED)
    FINAL = (WRITTEN, FAILED)


class EntryTypes:
    MESSAGE_SENT = "message_sent"
    MESSAGE_FAILED = "message_failed"
    MESSAGE_OUTCOME_UNKNOWN = "message_outcome_unknown"
    REFERRAL_MADE = "referral_made"
    CARE_LOG_STEP = "care_log_step"
    VICTIM_OPTED_OUT = "victim_opted_out"
    VICTIM_OPTED_IN = "victim_opted_in"
