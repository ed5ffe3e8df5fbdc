"""Message channels: plugin settings, the channels that deliver, and asking channels for replies."""

from core.hookspecs.marker import hookspec


@hookspec
def register_settings_schemas():
    """Declare the marshmallow schema that validates a plugin's settings.

    Called once by the plugin manager when the app starts, before any other hook. Every enabled
    plugin's settings (the ``[plugins.<name>]`` table of the force configuration) are validated in
    one pass, and start-up stops with a message naming each plugin and bad key.

    :returns: a dict ``{plugin_name: SchemaClass}`` (or None).
    """


@hookspec
def register_channels(mad):
    """Contribute channels that deliver outbound messages (SMS, email, ...).

    Called once when the app starts. The dispatcher delivers each message through the first
    channel registered for its kind, unless the force configuration's ``[channels]`` table names
    one. Built-in: the sandbox SMS and email channels (registered ``trylast`` so that a force's
    own channel wins).

    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :returns: a list of :class:`core.toolkit.Channel` objects (or None).
    """


@hookspec
def fetch_inbound(mad, receive):
    """Fetch what victims sent to a channel that must be asked (an IMAP mailbox), and hand it in.

    Called on a schedule (every ``[conversations] fetch_seconds``) by the embedded dispatcher and
    by the Celery beat task ``mad.fetch_inbound``. A channel whose provider pushes messages to a
    webhook (Twilio) does not implement this: its webhook calls
    :func:`core.toolkit.receive_inbound` instead. Call ``receive`` once per message, and only
    after it returns mark the message as handled at the provider (flag it seen, delete it): a
    message fetched again after a crash is stored once, because ``receive`` is keyed by the
    provider's message id. Raise nothing for one bad message; log its id and go on.

    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :param receive: ``receive(inbound)`` stores one :class:`core.toolkit.InboundMessage` and
        returns ``(reply_id, created)``; it raises :class:`core.toolkit.InboundInvalid` for a
        message that cannot be stored.
    :returns: how many messages were handed in (or None); the sum is logged.
    """


@hookspec(firstresult=True)
def satisfaction_check_wanted(crime_reference, message_id, mad):
    """Say whether the victim of a closed crime may be sent the satisfaction check.

    Called by the satisfaction service (:mod:`core.conversations.satisfaction`) after a closing
    message was sent, before the check is queued, when the force's ``[conversations]
    satisfaction_check`` is on. A plugin that knows the victim's contact plan (what they agreed
    to hear about) answers False when the victim did not agree to be asked; with no answer the
    check is sent.

    :param crime_reference: the closed crime's reference.
    :param message_id: the closing message's id.
    :param mad: the running toolkit (see the package docstring, :mod:`core.hookspecs`).
    :returns: True or False. Stops at first non-None result.
    """
