"""Every installed plugin's settings, described from their schemas (``mad plugins --settings``).

Each setting's description is declared once, in its marshmallow field's ``metadata["description"]``;
this module reads them (with type, default and whether required) for the command line and the docs.
"""

import re
from dataclasses import dataclass

from marshmallow import fields, missing

from core.plugins import every_plugin_manager


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
    pm, _failures = every_plugin_manager()  # a broken plugin is reported by `mad plugins`, not here
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


def _shown_default(row):
    if row.required:
        return "required"
    if row.default is None:
        return "—"
    if isinstance(row.default, bool):
        return f"`{str(row.default).lower()}`"
    if isinstance(row.default, str):
        return f'`"{row.default}"`'
    return f"`{row.default}`"


def markdown_table(plugin, rows=None):
    """Plugin ``plugin``'s settings as a Markdown table (key, type, default, meaning), for the README."""
    rows = [r for r in (rows if rows is not None else all_settings()) if r.plugin == plugin]
    lines = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    for row in rows:
        meaning = (row.description or "(not documented)").replace("|", "\\|")
        lines.append(f"| `{row.key}` | {row.type} | {_shown_default(row)} | {meaning} |")
    return "\n".join(lines)


#: A README block generated from a plugin's schema: ``<!-- settings:NAME -->`` ... ``<!-- /settings:NAME -->``.
BLOCK = re.compile(r"(<!-- settings:(?P<plugin>[a-z0-9_]+) -->\n)(?P<body>.*?)(<!-- /settings:(?P=plugin) -->)", re.S)


def regenerate_blocks(text, rows=None):
    """``text`` with every settings block rewritten from the schemas; returns ``(text, plugins)``.

    Called by ``mad plugins --settings --readme README.md`` and by the test that fails when the
    README's tables and the schemas disagree.
    """
    rows = rows if rows is not None else all_settings()
    found = []

    def table(match):
        found.append(match["plugin"])
        return match.group(1) + markdown_table(match["plugin"], rows) + "\n" + match.group(4)

    return BLOCK.sub(table, text), found
