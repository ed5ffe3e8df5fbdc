"""Meta-test: docs/plugins.md has an example for every hook (datasette's tests/test_docs.py)."""

import inspect
import re
from pathlib import Path

import pytest

from core import hookspecs

DOC = (Path(__file__).resolve().parents[1] / "docs" / "plugins.md").read_text(encoding="utf-8")
HEADINGS = " ".join(re.findall(r"^### (.+)$", DOC, flags=re.M))
HOOKS = sorted(name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(fn, "mad_toolkit_spec"))


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_heading_and_an_example_in_the_plugin_guide(name):
    assert re.search(rf"\b{name}\b", HEADINGS), f"docs/plugins.md has no '### {name}' section"
    assert f"def {name}(" in DOC, f"docs/plugins.md has no example implementing {name}"
