"""Meta-tests: every hook spec is documented in the house form and has a test named for it."""

import ast
import inspect
from pathlib import Path

import pytest

from core import hookspecs
from core.events import EVENT_CLASSES, Event

SPECS = [
    (name, fn) for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(fn, "mad_toolkit_spec")
]
TESTS = Path(__file__).parent
SPEC_MODULES = sorted(Path(hookspecs.__file__).parent.glob("*.py"))


def _test_names():
    """Every test file's name and every test function's name under ``tests/``."""
    names = set()
    for path in TESTS.rglob("test_*.py"):
        names.add(path.stem)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_"):
                names.add(node.name)
    return names


TEST_NAMES = _test_names()


def test_the_spec_package_defines_every_family():
    names = {name for name, _ in SPECS}
    assert {"register_channels", "register_locales", "register_translation_dirs", "register_templates",
            "register_records_writers", "check_crime_reference", "register_directory_providers",
            "register_referral_types", "menu_links", "register_commands", "track_event"} <= names


@pytest.mark.parametrize("path", SPEC_MODULES, ids=lambda p: p.name)
def test_each_spec_module_stays_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, "split the family into its own module"


@pytest.mark.parametrize(("name", "spec"), SPECS, ids=[name for name, _ in SPECS])
def test_hook_spec_is_documented(name, spec):
    doc = inspect.getdoc(spec) or ""
    assert doc.split("\n")[0].endswith("."), "one-line summary first"
    assert "Called " in doc, "say who calls it and when"
    for param in inspect.signature(spec).parameters:
        assert f":param {param}:" in doc, f"document parameter {param}"
    if spec.mad_toolkit_spec["firstresult"]:
        assert "Stops at first non-None result." in doc
    elif name.startswith(("register_", "check_")):
        assert ":returns:" in doc


@pytest.mark.parametrize(("name", "spec"), SPECS, ids=[name for name, _ in SPECS])
def test_hook_has_a_test_named_for_it(name, spec):
    named = sorted(n for n in TEST_NAMES if name in n)
    assert named, f"no test file or test function is named for the hook {name} (e.g. test_{name}_...)"


@pytest.mark.parametrize("name", sorted(EVENT_CLASSES))
def test_every_event_class_is_fired_by_the_core_and_has_a_test_named_for_it(name):
    cls = EVENT_CLASSES[name]
    assert issubclass(cls, Event) and cls.__doc__ and "Fired by" in cls.__doc__
    core = Path(hookspecs.__file__).parents[1]
    assert any(f"{cls.__name__}(" in p.read_text(encoding="utf-8") for p in core.rglob("*.py")
               if p.name != "events.py"), f"nothing in core fires {cls.__name__}"
    assert any(name in n for n in TEST_NAMES), f"no test is named for the event {name}"
