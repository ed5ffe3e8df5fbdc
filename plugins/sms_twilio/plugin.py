"""Texts through Twilio: the ``sms_twilio`` plugin.

Enable it with ``enabled = ["sms_twilio"]`` in ``[plugins]`` and a ``[plugins.sms_twilio]`` table
(see :mod:`plugins.sms_twilio.settings`). It registers the ``sms_twilio`` channel, which then
delivers every text in place of the sandbox, the signed delivery-status callback and the signed
inbound-text webhook (victims' replies, STOP and START).
"""

from core import hookimpl
from plugins.sms_twilio.settings import SmsTwilioSettings

NAME = "sms_twilio"


@hookimpl
def register_settings_schemas():
    """The schema for ``[plugins.sms_twilio]``."""
    return {NAME: SmsTwilioSettings}


@hookimpl
def register_channels(mad):
    """The Twilio SMS channel, configured from this plugin's validated settings."""
    # Imported here: ``mad`` loads every installed plugin for its commands, and twilio is slow to import.
    from plugins.sms_twilio.channel import TwilioChannel

    return [TwilioChannel(mad, mad.plugin_settings(NAME))]


@hookimpl
def register_blueprints(mad):
    """``POST /callbacks/sms-twilio/status`` and ``/inbound``: Twilio's signed delivery receipts and victims' texts."""
    from plugins.sms_twilio.callback import make_blueprint

    return [make_blueprint(mad, mad.plugin_settings(NAME))]
