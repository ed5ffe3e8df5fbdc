"""Every installed plugin's settings, described from their schemas (``mad plugins --settings``).

Each setting's description is declared once, in its marshmallow field's ``metadata["description"]``;
this module reads them (with type, default and whether required) for the command line and the docs.
"""

from dataclasses import dataclass
from importlib.metadata import entry_points

from marshmallow import fields, missing

from core.plugins import PROJECT, builtin_plugin_manager


@dataclass(frozen=True)
class Setting:
    """One setting: its key under ``[plugins.<plugin>]`` (dotted inside tables), its type and its words."""

    plugin: str
    key: str
    type: str
    required: bool
    default: object
    description: str | None


def installed_schemas():
    """``{plugin: SchemaClass}`` for the built-ins and every installed plugin (enabled or not)."""
    pm, _versions = builtin_plugin_manager()
    for ep in entry_points(group=PROJECT):
        if pm.get_plugin(ep.name) is None:
            try:
                pm.register(ep.load(), name=ep.name)
            except Exception:  # noqa: BLE001 - a broken plugin is reported by `mad plugins`, not here
                continue
    schemas = {}
    for answer in pm.hook.register_settings_schemas():
        schemas.update(answer or {})
    return schemas


def _type_name(field):
    if isinstance(field, fields.List):
        return f"list of {_type_name(field.inner)}"
    if isinstance(field, fields.Nested):
        return "table"
    return type(field).__name__.lower()


def describe(plugin, schema_class, prefix=""):
    """The settings of one schema, nested tables flattened to dotted keys (``feeds[].url``)."""
    rows = []
    for name, field in schema_class().fields.items():
        key = f"{prefix}{field.data_key or name}"
        default = field.load_default if field.load_default is not missing else None
        if callable(default):
            default = None
        rows.append(Setting(plugin, key, _type_name(field), field.required, default,
                            field.metadata.get("description")))
        inner = field.inner if isinstance(field, fields.List) else field
        if isinstance(inner, fields.Nested):
            nested = inner.nested if isinstance(inner.nested, type) else type(inner.schema)
            rows.extend(describe(plugin, nested, f"{key}[]." if isinstance(field, fields.List) else f"{key}."))
    return rows


def all_settings():
    """Every setting of every installed plugin, by plugin then key."""
    rows = []
    for plugin, schema_class in sorted(installed_schemas().items()):
        rows.extend(describe(plugin, schema_class))
    return rows
