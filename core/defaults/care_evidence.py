"""Evidence from actions: a message sent to a recorded victim completes the care-log duty it meets.

A built-in plugin on the ``track_event`` hook (the ``MessageSent`` event), registered by the running toolkit for itself
(:class:`core.runtime.Toolkit`), since it needs the toolkit's database: sending the crime-recorded
template completes the written confirmation, a signposting completes the referral, the NFA
template completes the right to review, and every message counts as contact under the plan.
"""

import logging

from core import hookimpl
from core.events import MessageSent

log = logging.getLogger(__name__)


class CareEvidence:
    """Listens for messages a channel accepted and hands them to :mod:`core.victims.evidence`."""

    #: Listed as a built-in on ``/-/plugins`` and by ``mad plugins``.
    __name__ = "core.defaults.care_evidence"
    name = "care_evidence"

    def __init__(self, mad):
        self.mad = mad

    @hookimpl(tryfirst=True)
    def track_event(self, event):
        """Record a message sent against the victims it went to (idempotent: it may fire again on delivery).

        Never raises: a failure is logged with the message id, and the officer can still record the
        care-log step by hand.
        """
        if not isinstance(event, MessageSent):
            return
        from core.victims.evidence import record_message

        try:
            record_message(self.mad, event.message_id, event.crime_reference)
        except Exception:
            log.exception("care-log evidence could not be recorded", extra={"message_id": event.message_id})
