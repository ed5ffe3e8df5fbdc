"""Events fired to integrators through the event hooks: ids and states, never personal data."""

import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """What happened, to which message, entry or referral, for which crime."""

    name: str
    crime_reference: str | None = None
    message_id: str | None = None
    entry_id: str | None = None
    referral_id: str | None = None
    writer: str | None = None
    status: str | None = None
    reason: str | None = None
    extra: dict = field(default_factory=dict)


def fire(pm, name, **kwargs):
    """Fire event hook ``name`` on every plugin; a failing listener is logged, never fatal.

    Called by services after their transaction commits.
    """
    event = Event(name=name, **kwargs)
    for impl in getattr(pm.hook, name).get_hookimpls():
        try:
            impl.function(event=event)
        except Exception:
            log.exception(
                "event listener %s failed", impl.plugin_name,
                extra={"event": name, "message_id": event.message_id, "entry_id": event.entry_id},
            )
    return event
