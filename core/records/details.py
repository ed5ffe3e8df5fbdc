"""Structured details of a chronology entry, beside its text, for records systems that keep them.

A message's entry carries which template, channel and language it used and the masked recipient,
so a records system can file or search them without reading the text.
"""

from core.constants import EntryTypes
from core.models.messages import Message


def entry_details(mad, session, entry):
    """Return a dict of name → text for stored ``entry`` (empty when it describes no message).

    Called by the records outbox when it hands an entry to a writer. A care-log step's entry
    carries its duty and answer (:func:`core.victims.chronology.step_details`).
    """
    if entry.entry_type == EntryTypes.CARE_LOG_STEP:
        from core.victims.chronology import step_details

        return step_details(session, entry)
    if entry.message_id is None:
        return {}
    message = session.get(Message, entry.message_id)
    if message is None:
        return {}
    template = mad.templates.get(message.template_id)
    locale = mad.locale(message.locale)
    return {
        "template": message.template_id,
        "template_title": template.title if template else message.template_id,
        "channel": message.channel,
        "channel_kind": message.kind,
        "language": message.locale,
        "language_name": locale.english_name if locale else message.locale,
        "recipient": message.recipient_masked,
        "status": message.status,
    }
