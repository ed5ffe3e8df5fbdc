"""Built-in directory provider for Open Referral UK / HSDS 3.0 feeds, enabled by configuration.

It is a default plugin (always loaded) that contributes one provider per feed listed in the
force configuration, and none when there are none::

    [plugins.directory_hsds]
    feeds = [
      { name = "gm_oruk", title = "Greater Manchester ORUK", url = "https://example.org/api/services" },
      { name = "county_file", path = "/srv/mad/county-services.json", refresh_seconds = 600 },
    ]
"""

from core import hookimpl
from core.directory.hsds_feed import HsdsFeedProvider, HsdsSettingsSchema

NAME = "directory_hsds"


@hookimpl
def register_settings_schemas():
    """Validate the feeds listed under ``[plugins.directory_hsds]``."""
    return {NAME: HsdsSettingsSchema}


@hookimpl
def register_directory_providers(mad):
    """One provider per configured feed."""
    districts = mad.config.force.get("districts") or []
    return [HsdsFeedProvider(feed, districts) for feed in mad.plugin_settings(NAME).get("feeds", [])]
