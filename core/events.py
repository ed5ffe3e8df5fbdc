"""Events for integrators: one class per thing that happened, fired through the ``track_event`` hook.

A service fires an event after its transaction commits with ``mad.track_event(MessageSent(...))``
(:meth:`core.runtime.Toolkit.track_event`); the plugin manager hands it to every plugin's
``track_event(mad, event)`` (the built-in webhooks and care-log evidence listen the same way a
force's plugin does). Events carry ids and states only, never a recipient or the text sent, so a
listener may log them or send them on. ``event.name`` is the event's type: the name partners
subscribe to on the webhooks page. Modelled on datasette's ``events.py``.
"""

import logging
from dataclasses import dataclass, field, fields
from typing import ClassVar

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Event:
    """What happened, to which message, entry or referral, for which crime (subclass per event type).

    ``name`` is set by each subclass. The fields a subclass fills are listed in its docstring; the
    rest stay None. ``extra`` holds details that are not ids of the core's own tables.
    """

    name: ClassVar[str] = "event"
    crime_reference: str | None = None
    message_id: str | None = None
    entry_id: str | None = None
    referral_id: str | None = None
    writer: str | None = None
    status: str | None = None
    reason: str | None = None
    extra: dict = field(default_factory=dict)

    def ids_and_states(self):
        """The event's filled fields but ``extra``, as a dict (what a webhook delivery carries)."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name != "extra" and getattr(self, f.name) is not None}


@dataclass(frozen=True, kw_only=True)
class MessageQueued(Event):
    """A message was stored in the outbox and will be delivered: ``message_id``, ``crime_reference``.

    Fired by the messaging and referral services after the transaction that stored it commits.
    """

    name: ClassVar[str] = "message_queued"


@dataclass(frozen=True, kw_only=True)
class MessageSent(Event):
    """A channel accepted a message (or reported it delivered): ``message_id``, ``crime_reference``, ``status``.

    Fired by the message outbox (and delivery-status callbacks) after the status is stored.
    """

    name: ClassVar[str] = "message_sent"


@dataclass(frozen=True, kw_only=True)
class MessageFailed(Event):
    """A message failed for good, or may have been delivered but nobody can tell: a person must act.

    Fired by the message outbox after the status is stored, with ``message_id``,
    ``crime_reference``, ``reason`` and ``status`` (``failed``, or ``unknown`` when the message may
    have been delivered); ``extra["gave_up_after_seconds"]`` when the retry window ran out.
    """

    name: ClassVar[str] = "message_failed"


@dataclass(frozen=True, kw_only=True)
class RecordsEntryWritten(Event):
    """A records writer wrote a chronology entry: ``entry_id``, ``crime_reference``, ``writer``.

    Fired by the records outbox after the write is stored.
    """

    name: ClassVar[str] = "records_entry_written"


@dataclass(frozen=True, kw_only=True)
class RecordsEntryFailed(Event):
    """A records writer gave up on a chronology entry (a permanent error or its retry window ended).

    Fired by the records outbox after the failure is stored, with ``entry_id``,
    ``crime_reference``, ``writer``, ``status`` and ``reason``; ``extra["gave_up_after_seconds"]``
    when the retry window ran out.
    """

    name: ClassVar[str] = "records_entry_failed"


@dataclass(frozen=True, kw_only=True)
class ReferralMade(Event):
    """A referral was stored and will be delivered: ``referral_id``, ``crime_reference``.

    Fired by the referral service after the transaction commits.
    """

    name: ClassVar[str] = "referral_made"


@dataclass(frozen=True, kw_only=True)
class CareLogStepRecorded(Event):
    """A step of a victim's care log was recorded (an officer's answer, or evidence from a message sent).

    Fired by the care-log service after the step and its chronology entry commit, with
    ``crime_reference``, ``entry_id`` (the chronology entry), ``status`` (yes, no or
    not_applicable) and ``extra`` holding ``victim_id`` and ``duty``.
    """

    name: ClassVar[str] = "care_log_step_recorded"


@dataclass(frozen=True, kw_only=True)
class CareLogCompleted(Event):
    """Every duty of a victim's care log has an answer: ``crime_reference``, ``extra["victim_id"]``.

    Fired by the care-log service after the transaction commits, once per victim.
    """

    name: ClassVar[str] = "care_log_completed"


@dataclass(frozen=True, kw_only=True)
class ResourceSent(Event):
    """A resource from the library was stored in the outbox for a victim.

    Fired by :func:`core.resources.sending.send_resource` after the message and its records entry
    commit (once per message, never for a repeated press), with ``message_id``,
    ``crime_reference`` and ``extra={"resource_id": ..., "kind": ...}``: before the channel has the
    message, for plugins that count or mirror sends. The care log's "leaflet given" duty is
    completed later, once the channel accepted the message (:class:`MessageSent`, see
    :mod:`core.victims.evidence`), so a leaflet that never went is never recorded as given.
    """

    name: ClassVar[str] = "resource_sent"


@dataclass(frozen=True, kw_only=True)
class ReplyReceived(Event):
    """A victim's reply (or STOP, START, HELP or satisfaction answer) was stored.

    Fired by :func:`core.conversations.inbound.receive` after the transaction commits, once per
    reply however often the provider delivered it, with ``crime_reference`` (None when the reply
    matched no message) and ``extra["reply_id"]``; never the sender or the words.
    """

    name: ClassVar[str] = "reply_received"


#: Every event type the core fires, by name (what webhooks may subscribe to), in a stable order.
EVENT_CLASSES = {cls.name: cls for cls in (
    MessageQueued, MessageSent, MessageFailed, RecordsEntryWritten, RecordsEntryFailed, ReferralMade,
    CareLogStepRecorded, CareLogCompleted, ResourceSent, ReplyReceived)}


def track(mad, event):
    """Fire ``event`` through the plugin manager's ``track_event`` hook; return the event.

    Called by :meth:`core.runtime.Toolkit.track_event` after the caller's transaction commits. The
    event has happened by then, so each listener is called on its own, in pluggy's order (the
    built-ins first, ``tryfirst``): one that raises is logged with its name and the event's ids,
    and the listeners after it still hear the event. (A listener written as a pluggy wrapper makes
    the whole hook run as one call, as pluggy runs wrappers.)
    """
    hook = mad.pm.hook.track_event
    listeners = hook.get_hookimpls()
    if any(listener.hookwrapper or listener.wrapper for listener in listeners):
        _isolated(lambda: hook(mad=mad, event=event), event, "track_event")
        return event
    arguments = {"mad": mad, "event": event}
    for listener in reversed(listeners):  # the order pluggy itself calls them in
        _isolated(lambda: listener.function(*(arguments[name] for name in listener.argnames)), event,
                  listener.plugin_name)
    return event


def _isolated(call, event, listener):
    """Run ``call``; log (never raise) what it raises, naming the listener and the event's ids."""
    try:
        call()
    except Exception:
        log.exception("an event listener failed", extra={"listener": listener, "event": event.name,
                                                         "message_id": event.message_id,
                                                         "entry_id": event.entry_id})
