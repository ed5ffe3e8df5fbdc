"""Every hook the MaD Toolkit core calls, one module per family, all importable from here.

A plugin implements any of these with ``@core.hookimpl``. The core's own capabilities (sandbox
channels, the local audit writer, the built-in message templates) are plugins on these same hooks,
so a force's plugin can do anything a built-in does. Hooks that collect answers from every plugin
return lists; hooks where one answer wins are ``firstresult`` and say "Stops at first non-None
result."

Every hook receives only what it names. ``mad`` is the running toolkit
(:class:`core.toolkit.Toolkit`): ``mad.config`` is the force configuration,
``mad.plugin_settings("plugin_name")`` a plugin's own validated settings and ``mad.session()`` a
database session for plugins that keep state in the toolkit's database.

Families: :mod:`~core.hookspecs.channels` (settings, channels, replies),
:mod:`~core.hookspecs.wording` (locales, catalogues, templates), :mod:`~core.hookspecs.records`
(records writers, reference checks, victim look-ups), :mod:`~core.hookspecs.services` (directory
providers, referral types, sections), :mod:`~core.hookspecs.web` (blueprints, menu links, labels,
commands) and :mod:`~core.hookspecs.events` (``track_event``). The plugin manager adds this
package with ``pm.add_hookspecs(core.hookspecs)``.
"""

from core.hookspecs.channels import fetch_inbound, register_channels, register_settings_schemas, satisfaction_check_wanted
from core.hookspecs.events import track_event
from core.hookspecs.marker import hookspec
from core.hookspecs.records import check_crime_reference, lookup_crime_victims, register_records_writers
from core.hookspecs.services import register_directory_providers, register_referral_types, register_sections
from core.hookspecs.web import menu_links, register_blueprints, register_commands, register_labels
from core.hookspecs.wording import register_locales, register_templates, register_translation_dirs

__all__ = [
    "check_crime_reference", "fetch_inbound", "hookspec", "lookup_crime_victims", "menu_links", "register_blueprints",
    "register_channels", "register_commands", "register_directory_providers", "register_labels", "register_locales",
    "register_records_writers", "register_referral_types", "register_sections", "register_settings_schemas",
    "register_templates", "register_translation_dirs", "satisfaction_check_wanted", "track_event",
]
