"""Words for every referral code a person may see (statuses, timeliness, recipients, answers).

Lazy so that each is translated into the officer's interface language when the page is drawn.
"""

from flask_babel import lazy_gettext as _l

from core.constants import MessageStatus
from core.referrals.statuses import ReferralStatus, Timeliness

STATUS = {
    ReferralStatus.SENDING: _l("Sending"),
    ReferralStatus.DELIVERED: _l("Delivered"),
    ReferralStatus.FAILED: _l("Not delivered"),
}

TIMELINESS = {
    Timeliness.DUE: _l("Due"),
    Timeliness.OVERDUE: _l("Overdue"),
    Timeliness.ON_TIME: _l("On time"),
    Timeliness.LATE: _l("Late"),
}

RECIPIENT_KIND = {
    "school": _l("School's designated safeguarding lead"),
    "local_authority": _l("Local authority (elective home education)"),
}

MESSAGE_STATUS = {
    MessageStatus.QUEUED: _l("Waiting to be sent"),
    MessageStatus.SENDING: _l("Sending"),
    MessageStatus.SENT: _l("Sent to the mail server"),
    MessageStatus.DELIVERED: _l("Delivered"),
    MessageStatus.FAILED: _l("Not delivered"),
}

ANSWER = {"yes": _l("Yes"), "no": _l("No"), "not_known": _l("Not known")}


def label(table, code):
    """The label for ``code`` in ``table``; a code without one is shown as "Unknown (code)"."""
    found = table.get(code)
    return found if found is not None else _l("Unknown (%(code)s)", code=code)
