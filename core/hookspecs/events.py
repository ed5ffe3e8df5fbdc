"""Events for integrators: one hook, ``track_event``, with an event class per thing that happened."""

from core.hookspecs.marker import hookspec


@hookspec
def track_event(mad, event):
    """Be told that something happened: a message queued, sent or failed, a records entry written, ...

    Called by :meth:`core.runtime.Toolkit.track_event` (``mad.track_event(MessageSent(...))``)
    after the transaction that stored what happened commits, once per event. ``event`` is an
    instance of a subclass of :class:`core.toolkit.Event` (:mod:`core.events` lists them all:
    ``MessageQueued``, ``MessageSent``, ``MessageFailed``, ``RecordsEntryWritten``,
    ``RecordsEntryFailed``, ``ReferralMade``, ``CareLogStepRecorded``, ``CareLogCompleted``,
    ``ResourceSent``, ``ReplyReceived``); ``event.name`` is its type (``message_sent``, ...), the
    name partners subscribe to on the webhooks page. Events hold ids and states, never a
    recipient or the words sent. Pick the events you want with ``isinstance``; do little here
    (store work and do it elsewhere, as the built-in webhooks do): a listener that raises is logged
    and the listeners after it miss that event. The built-in listeners (the webhooks outbox and the
    care-log evidence) run first.

    :param mad: the running toolkit (see the package docstring).
    :param event: the :class:`core.toolkit.Event` that happened.
    :returns: nothing (the return value is ignored).
    """
