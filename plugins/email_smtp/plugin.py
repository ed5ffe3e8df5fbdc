"""Email through an SMTP server: the ``email_smtp`` plugin.

Enable it with ``enabled = ["email_smtp"]`` in ``[plugins]`` and a ``[plugins.email_smtp]`` table
(see :mod:`plugins.email_smtp.settings`). It registers the ``email_smtp`` channel, which then
delivers every email in place of the sandbox. With an ``imap`` table it also reads victims' replies
from the force's mailbox (:mod:`plugins.email_smtp.mailbox`).
"""

from core import hookimpl
from plugins.email_smtp.channel import SmtpChannel
from plugins.email_smtp.settings import EmailSmtpSettings

NAME = "email_smtp"


@hookimpl
def register_settings_schemas():
    """The schema for ``[plugins.email_smtp]``."""
    return {NAME: EmailSmtpSettings}


@hookimpl
def register_channels(mad):
    """The SMTP email channel, configured from this plugin's validated settings."""
    return [SmtpChannel(mad, mad.plugin_settings(NAME))]


@hookimpl
def fetch_inbound(mad, receive):
    """Victims' email replies from the ``[plugins.email_smtp.imap]`` mailbox, if one is set."""
    settings = mad.plugin_settings(NAME)
    if not settings.get("imap"):
        return 0
    from plugins.email_smtp.mailbox import fetch_replies

    return fetch_replies(settings["imap"], NAME, receive)
