"""The records_policeworks plugin's hooks: settings, the writer, the reference check, the victims lookup, the simulator command.

Enable it in ``mad.toml``::

    [plugins]
    enabled = ["records_policeworks"]

    [plugins.records_policeworks]
    endpoint = "http://127.0.0.1:8099/policeworks"
    username = { "$env" = "POLICEWORKS_USERNAME" }
    password = { "$env" = "POLICEWORKS_PASSWORD" }
"""

from core import hookimpl
from core.toolkit import N_
from plugins.records_policeworks.commands import records_simulator
from plugins.records_policeworks.settings import PoliceWorksSettingsSchema

NAME = "records_policeworks"


def _writer(mad):
    from plugins.records_policeworks.writer import WRITER_NAME

    return mad.writers.get(WRITER_NAME)


@hookimpl
def register_settings_schemas():
    """The PoliceWorks settings schema."""
    return {NAME: PoliceWorksSettingsSchema}


@hookimpl
def register_records_writers(mad):
    """The PoliceWorks writer, with its one reused HTTP session."""
    from plugins.records_policeworks.writer import PoliceWorksWriter

    return [PoliceWorksWriter(mad.plugin_settings(NAME))]


@hookimpl
def register_labels(mad):
    """The writer's name as officers know the system."""
    return {"writer": {"policeworks": N_("PoliceWorks")}}


@hookimpl
def check_crime_reference(reference, mad):
    """The force's format, then whether PoliceWorks knows the crime (see reference_check)."""
    from plugins.records_policeworks.reference_check import check_crime_reference as check

    writer = _writer(mad)
    if writer is None:  # the writers are not collected yet: leave it to the built-in check
        return None
    return check(reference, mad, writer)


@hookimpl
def lookup_crime_victims(reference, mad):
    """The victims PoliceWorks holds on the crime, for the "Record a victim" page to prefill from."""
    from core.toolkit import RecordedVictim

    writer = _writer(mad)
    if writer is None:
        return None
    return [RecordedVictim(name=v["Name"], phone=v["Mobile"], email=v["Email"], locale=v["Language"],
                           communication_needs=v["CommunicationNeeds"], plan_method=v["ContactMethod"],
                           plan_frequency=v["ContactFrequency"], plan_every_days=v["ContactEveryWorkingDays"])
            for v in writer.client.lookup_victims(reference)]


@hookimpl
def register_commands(cli):
    """``mad records-simulator``: needs no instance, so it is there whether or not the plugin is enabled."""
    cli.add_command(records_simulator)
