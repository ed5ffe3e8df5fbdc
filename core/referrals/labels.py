"""Words for every referral code a person may see (statuses, timeliness, recipients, answers).

Lazy so that each is translated into the officer's interface language when the page is drawn.
"""

from flask_babel import lazy_gettext

from core.constants import MessageStatus
from core.referrals.statuses import ReferralStatus, Timeliness

STATUS = {
    ReferralStatus.SENDING: lazy_gettext("Sending"),
    ReferralStatus.DELIVERED: lazy_gettext("Delivered"),
    ReferralStatus.FAILED: lazy_gettext("Not delivered"),
}

TIMELINESS = {
    Timeliness.DUE: lazy_gettext("Due"),
    Timeliness.OVERDUE: lazy_gettext("Overdue"),
    Timeliness.ON_TIME: lazy_gettext("On time"),
    Timeliness.LATE: lazy_gettext("Late"),
}

RECIPIENT_KIND = {
    "school": lazy_gettext("School's designated safeguarding lead"),
    "local_authority": lazy_gettext("Local authority (elective home education)"),
}

MESSAGE_STATUS = {
    MessageStatus.QUEUED: lazy_gettext("Waiting to be sent"),
    MessageStatus.SENDING: lazy_gettext("Sending"),
    MessageStatus.SENT: lazy_gettext("Sent to the mail server"),
    MessageStatus.DELIVERED: lazy_gettext("Delivered"),
    MessageStatus.FAILED: lazy_gettext("Not delivered"),
}

def label(table, code):
    """The label for ``code`` in ``table``; a code without one is shown as "Unknown (code)"."""
    found = table.get(code)
    return found if found is not None else lazy_gettext("Unknown (%(code)s)", code=code)
