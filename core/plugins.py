"""The plugin manager: built-ins, enabled entry points, hook checks and settings validation.

One manager per app, made by :func:`make_plugin_manager`. Installed is not enabled: a plugin
found through the ``mad_toolkit`` entry-point group runs only when the force configuration lists
it in ``[plugins] enabled``. Start-up fails fast on an unknown hook, a duplicate registration, an
enabled plugin that is not installed, or any bad plugin setting (all listed in one message).
"""

import functools
import importlib
import os
import sys
from importlib.metadata import PackageNotFoundError, entry_points, version

import pluggy
from marshmallow import ValidationError

from core import hookspecs
from core.events import EVENT_CLASSES

PROJECT = "mad_toolkit"

#: Built-in capabilities, registered as plugins on the same hooks a force's plugin uses.
DEFAULT_PLUGINS = (
    "core.defaults.locales",
    "core.defaults.templates",
    "core.defaults.conversations",
    "core.defaults.sandbox",
    "core.defaults.audit_writer",
    "core.defaults.reference_check",
    "core.defaults.directory_database",
    "core.defaults.directory_hsds",
)


class PluginError(Exception):
    """A plugin cannot be loaded or configured; the message names the plugin and what to fix."""


@functools.cache
def core_version():
    """The installed version of the toolkit itself (read once per process)."""
    try:
        return version("mad-toolkit")
    except PackageNotFoundError:
        return "unknown"


def _load_enabled(pm, enabled, installed, versions):
    problems = []
    for name in enabled:
        if pm.get_plugin(name) is not None:
            continue
        ep = installed.get(name)
        if ep is None:
            known = ", ".join(sorted(installed)) or "none"
            problems.append(
                f"plugin {name!r} is enabled in the force configuration but is not installed "
                f"(installed plugins: {known}). Install its package or remove it from [plugins] enabled."
            )
            continue
        try:
            pm.register(ep.load(), name=name)
        except ValueError as exc:
            problems.append(f"plugin {name!r} cannot be registered: {exc}")
            continue
        versions[name] = ep.dist.version if ep.dist else "unknown"
    return problems


def validate_settings(pm, config):
    """Validate every enabled plugin's settings in one pass and return them by plugin name.

    Called once at start-up. Raises :class:`PluginError` listing every bad key of every plugin.
    """
    schemas = {}
    for answer in pm.hook.register_settings_schemas():
        schemas.update(answer or {})
    problems, settings = [], {}
    for name, table in sorted(config.plugin_tables.items()):
        if not isinstance(table, dict):
            problems.append(f"[plugins.{name}] must be a table of settings")
        elif pm.get_plugin(name) is None:
            problems.append(f"[plugins.{name}] is configured but {name!r} is not enabled: add it to [plugins] enabled")
        elif name not in schemas:
            problems.append(f"plugin {name!r} takes no settings: remove [plugins.{name}]")
    for name, schema_class in sorted(schemas.items()):
        if pm.get_plugin(name) is None:
            continue
        try:
            settings[name] = schema_class().load(config.raw_plugin_settings(name))
        except ValidationError as exc:
            for key, messages in sorted(exc.messages.items()):
                text = "; ".join(str(m) for m in messages) if isinstance(messages, list) else str(messages)
                problems.append(f"plugin {name!r} setting {key!r}: {text}")
    if problems:
        raise PluginError("Plugin configuration errors:\n" + "\n".join(f"  - {p}" for p in problems))
    return settings


def builtin_plugin_manager():
    """A plugin manager with the hook specs and the built-in plugins registered; returns ``(pm, versions)``.

    The start every plugin manager shares: :func:`make_plugin_manager` (one per app) and
    :func:`every_plugin_manager` (the command line's and the settings reference's).
    """
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    versions = {}
    for module_name in DEFAULT_PLUGINS:
        name = module_name.rsplit(".", 1)[1]
        pm.register(importlib.import_module(module_name), name=name)
        versions[name] = core_version()
    return pm, versions


def _path_stamp():
    stamp = []
    for folder in sys.path:
        try:
            stamp.append((folder, os.stat(folder or ".").st_mtime_ns))
        except OSError:
            stamp.append((folder, None))
    return tuple(stamp)


@functools.lru_cache(maxsize=4)
def _installed_entry_points(stamp):
    return {ep.name: ep for ep in entry_points(group=PROJECT)}


def installed_plugins():
    """Every installed plugin's entry point by name (the ``mad_toolkit`` group), enabled or not.

    Called by :func:`make_plugin_manager`, :func:`every_plugin_manager` and :func:`list_plugins`,
    the only readers of the entry points. Read again whenever a folder on
    ``sys.path`` changes (a package installed or removed), otherwise remembered: reading every
    installed package's metadata is the slowest part of starting an app.
    """
    return dict(_installed_entry_points(_path_stamp()))


def every_plugin_manager():
    """A plugin manager with the built-ins and every installed plugin, enabled or not; returns ``(pm, failures)``.

    For what is needed before a force configuration is read: the plugins' commands on the ``mad``
    command line (``core.cli_plugins``) and the settings reference (``core.settings_reference``).
    A plugin that cannot be loaded is left out and listed in ``failures`` as ``(name, exception)``,
    so that one broken plugin does not take the others down; each caller decides whether to say so.
    """
    pm, _versions = builtin_plugin_manager()
    failures = []
    for name, ep in installed_plugins().items():
        if pm.get_plugin(name) is not None:
            continue
        try:
            pm.register(ep.load(), name=name)
        except Exception as exc:  # a broken plugin is the caller's to report, never a crash here
            failures.append((name, exc))
    return pm, failures


def _old_event_hooks(pm):
    """Say how to move a plugin still implementing a per-event hook (``message_sent``) to ``track_event``."""
    problems = []
    for name, cls in EVENT_CLASSES.items():
        caller = getattr(pm.hook, name, None)
        if caller is None or caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            problems.append(f"plugin {impl.plugin_name!r} implements {name}(event), which is now an event class: "
                            f"implement track_event(mad, event) and act when isinstance(event, {cls.__name__}) "
                            "(core.toolkit; see docs/plugins.md, track_event)")
    return problems


def make_plugin_manager(config, extra_plugins=()):
    """Build the plugin manager for one app.

    Registers the built-ins, then each plugin the force configuration enables (found through
    the ``mad_toolkit`` entry-point group), then ``extra_plugins`` (objects or modules, used by
    tests and by hosts embedding the toolkit). Returns ``(pm, settings, versions)``.
    """
    pm, versions = builtin_plugin_manager()
    installed = installed_plugins()
    problems = _load_enabled(pm, config.plugins_enabled, installed, versions)
    for plugin in extra_plugins:
        name = getattr(plugin, "name", None) or getattr(plugin, "__name__", None)
        try:
            pm.register(plugin, name=name)
        except ValueError as exc:
            problems.append(f"plugin {name!r} cannot be registered: {exc}")
        versions.setdefault(name, getattr(plugin, "version", "unknown"))
    problems += _old_event_hooks(pm)
    if problems:
        raise PluginError("Plugin errors:\n" + "\n".join(f"  - {p}" for p in problems))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"Plugin errors:\n  - {exc} (is the hook name misspelt? see core/hookspecs/)") from None
    settings = validate_settings(pm, config)
    return pm, settings, versions


def list_plugins(pm, versions):
    """Describe every plugin: name, version, built-in or not, enabled or not, and its hooks.

    Called by ``mad plugins`` and the ``/-/plugins`` page. Plugins installed (found through the
    ``mad_toolkit`` entry points) but not enabled in the force configuration are listed too, with
    ``enabled`` False and no hooks, so a force can see what it could switch on.
    """
    rows = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        if plugin is None:
            continue
        callers = pm.get_hookcallers(plugin) or []
        rows.append(
            {
                "name": name,
                "version": versions.get(name, "unknown"),
                "builtin": (getattr(plugin, "__name__", None) or type(plugin).__module__).startswith("core.defaults."),
                "enabled": True,
                "hooks": sorted(caller.name for caller in callers),
            }
        )
    loaded = {row["name"] for row in rows}
    for name, ep in sorted(installed_plugins().items()):
        if name not in loaded:
            rows.append({"name": name, "version": ep.dist.version if ep.dist else "unknown", "builtin": False,
                         "enabled": False, "hooks": []})
    return rows
