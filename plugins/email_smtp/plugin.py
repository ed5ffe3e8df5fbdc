"""Email through an SMTP server: the ``email_smtp`` plugin.

Enable it with ``enabled = ["email_smtp"]`` in ``[plugins]`` and a ``[plugins.email_smtp]`` table
(see :mod:`plugins.email_smtp.settings`). It registers the ``email_smtp`` channel, which then
delivers every email in place of the sandbox.
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
