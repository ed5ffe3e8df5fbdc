"""The crime page's chronology in officers' words: what happened, and where it was written.

"Text message sent to the victim in Arabic", "Written to PoliceWorks" — never an entry type or a
writer's code. The words come from :mod:`core.labels` so plugins' writers and entry types read
as well as the core's.
"""

import re

from flask_babel import gettext as _

from core.constants import EntryTypes, WriteStatus
from core.labels import label


def entry_title(entry, message=None):
    """The timeline heading for records ``entry`` (``message``: the message it records, if any)."""
    if message is not None and entry.entry_type in (EntryTypes.MESSAGE_SENT, EntryTypes.MESSAGE_FAILED):
        values = {"channel": label("channel", message.kind), "language": label("language", message.locale)}
        if entry.entry_type == EntryTypes.MESSAGE_FAILED:
            return _("%(channel)s to the victim in %(language)s could not be sent", **values)
        return _("%(channel)s sent to the victim in %(language)s", **values)
    return label("entry_type", entry.entry_type)


def write_progress(write):
    """One records system's progress with an entry, in words: "Written to PoliceWorks"."""
    system = label("writer", write.writer)
    if write.status == WriteStatus.WRITTEN:
        return _("Written to %(system)s", system=system)
    if write.status == WriteStatus.WRITING:
        return _("Being written to %(system)s", system=system)
    if write.status == WriteStatus.FAILED:
        return _("Not written to %(system)s", system=system)
    return _("Waiting to be written to %(system)s", system=system)


RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def is_right_to_left(line):
    """True when ``line`` has Hebrew- or Arabic-script letters (Arabic, Urdu...): it is shown
    right to left, isolated from the English lines around it."""
    return bool(RIGHT_TO_LEFT.search(line or ""))
