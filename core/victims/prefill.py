"""One-press updates and signposting to a recorded victim: the compose form filled from the record.

The "Update a victim" form is opened with ``?victim=<id>``; only the id travels in the address,
never the victim's number or email. The form then carries the crime reference, the channel the
contact plan prefers (or the one the victim has details for), the number or email for it, and
the victim's language.
"""

from core.constants import ChannelKinds
from core.victims.service import get_victim

#: A routine update opened from a recorded victim starts with the commonest wording; the officer
#: changes it when there is news (the preview shows exactly what will be sent).
ROUTINE_FIELDS = {"investigation_update": {"progress": "enquiries_continuing"}}


def preferred_kind(victim, channels):
    """The channel to use: the plan's method when the victim has details for it, else what they have."""
    have = [kind for kind, value in ((ChannelKinds.SMS, victim.phone), (ChannelKinds.EMAIL, victim.email))
            if value and kind in channels]
    if victim.plan_method in have:
        return victim.plan_method
    return have[0] if have else None


def compose_values(mad, session, victim_id, template, field_prefix):
    """Form values for the compose page from recorded victim ``victim_id`` (empty when unknown).

    Called by the "Update a victim" form when it is opened with ``?victim=``; template fields are
    named with ``field_prefix`` as the form names them.
    """
    victim = get_victim(session, victim_id)
    if victim is None:
        return {}
    values = {"crime_reference": victim.crime_reference}
    kind = preferred_kind(victim, template.channels)
    if kind:
        values["kind"] = kind
        values["recipient"] = victim.phone if kind == ChannelKinds.SMS else victim.email
    if mad.locale(victim.locale) is not None:
        values["locale"] = victim.locale
    for name, value in ROUTINE_FIELDS.get(template.id, {}).items():
        values[f"{field_prefix}{name}"] = value
    return values
