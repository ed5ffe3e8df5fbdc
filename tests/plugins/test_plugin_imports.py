"""Meta-test: the shipped plugins import nothing of the core but ``core.toolkit`` and ``core.hookimpl``."""

import ast
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
SOURCES = sorted(PLUGINS.rglob("*.py"))


def core_imports(path):
    """Every ``core...`` module (and name from ``core``) the file imports."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "core"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "core":
            if node.module == "core":
                found += [f"core.{alias.name}" for alias in node.names]
            else:
                found.append(node.module)
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PLUGINS)))
def test_a_plugin_imports_only_the_toolkit_and_hookimpl(path):
    wrong = [name for name in core_imports(path) if name not in ("core.toolkit", "core.hookimpl")]
    assert wrong == [], f"{path.relative_to(PLUGINS)} imports {', '.join(wrong)}: use core.toolkit instead"
