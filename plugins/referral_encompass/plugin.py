"""Operation Encompass referrals: the ``referral_encompass`` plugin.

Enable it with ``enabled = ["referral_encompass"]`` in ``[plugins]``; settings (all optional) in
``[plugins.referral_encompass]`` (see :mod:`plugins.referral_encompass.settings`). It registers
the Encompass referral type (officers press "Notify schools" on a crime), the notification email's
wording, and the ``mad encompass`` commands.
"""

from core import hookimpl
from plugins.referral_encompass.referral import NAME, EncompassReferral
from plugins.referral_encompass.settings import EncompassSettings
from plugins.referral_encompass.wording import NOTIFICATION


@hookimpl
def register_settings_schemas():
    """The schema for ``[plugins.referral_encompass]``."""
    return {NAME: EncompassSettings}


@hookimpl
def register_referral_types(mad):
    """The Operation Encompass referral type."""
    return [EncompassReferral(mad)]


@hookimpl
def register_templates(mad):
    """The notification email (sent by the toolkit, never picked by hand)."""
    return [NOTIFICATION]


@hookimpl
def register_commands(cli):
    """``mad encompass due-at``, ``schools import`` and ``holidays import``."""
    from plugins.referral_encompass.commands import encompass

    cli.add_command(encompass)
