"""Evidence from actions: a message sent to a recorded victim completes the care-log duty it meets.

A built-in plugin on the ``message_sent`` event, registered by the running toolkit for itself
(:class:`core.runtime.Toolkit`), since it needs the toolkit's database: sending the crime-recorded
template completes the written confirmation, a signposting completes the referral, the NFA
template completes the right to review, and every message counts as contact under the plan.
"""

from core import hookimpl


class CareEvidence:
    """Listens for messages a channel accepted and hands them to :mod:`core.victims.evidence`."""

    #: Listed as a built-in on ``/-/plugins`` and by ``mad plugins``.
    __name__ = "core.defaults.care_evidence"
    name = "care_evidence"

    def __init__(self, mad):
        self.mad = mad

    @hookimpl
    def message_sent(self, event):
        """Record the message against the victims it went to (idempotent: it may fire again on delivery)."""
        from core.victims.evidence import record_message

        record_message(self.mad, event.message_id, event.crime_reference)
