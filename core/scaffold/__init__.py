"""``mad plugin new NAME``: a new plugin package from Jinja templates, ready to install and test.

The package has an entry point in the ``mad_toolkit`` group, a settings schema whose fields carry
their descriptions, one hook (a channel that delivers texts into a folder), tests using the
shipped ``core.testing`` fixtures, and a README. It passes its own tests as generated.
"""

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "plugin"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
TITLE_RE = re.compile(r"^[\w ,.()'-]{1,60}$")

#: Template file → path in the new package ({package} is replaced by the Python package's name).
FILES = {
    "pyproject.toml.j2": "pyproject.toml",
    "setup.cfg.j2": "setup.cfg",
    "README.md.j2": "README.md",
    "package/__init__.py.j2": "{package}/__init__.py",
    "package/plugin.py.j2": "{package}/plugin.py",
    "package/settings.py.j2": "{package}/settings.py",
    "tests/test_plugin.py.j2": "tests/test_plugin.py",
}


class ScaffoldError(Exception):
    """The plugin cannot be made as asked; the message says what to change."""


def new_plugin(name, parent, title=None):
    """Write the package for plugin ``name`` into ``parent/mad-<name>``; return that folder.

    Called by ``mad plugin new``. Refuses a name that is not a Python identifier in lower case,
    and a folder that already exists (nothing is overwritten).
    """
    if not NAME_RE.match(name or ""):
        raise ScaffoldError(f"{name!r} cannot name a plugin: use 2 to 41 lower-case letters, digits and _, "
                            "starting with a letter (for example northshire_sms)")
    target = Path(parent) / f"mad-{name.replace('_', '-')}"
    if target.exists():
        raise ScaffoldError(f"{target} already exists: nothing was written. Choose another name or folder.")
    if title is not None and not TITLE_RE.match(title):
        raise ScaffoldError("Give a title of 1 to 60 letters, digits, spaces and - ' ( ) , . only")
    # The templates write Python, TOML and Markdown, not HTML: escaping would corrupt them, and every
    # value put in them is checked above (the name by NAME_RE, the title by TITLE_RE).
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,  # nosec B701
                      keep_trailing_newline=True, autoescape=False)
    values = {"name": name, "package": f"mad_{name}", "title": title or name.replace("_", " ").title(),
              "distribution": f"mad-{name.replace('_', '-')}"}
    for source, destination in FILES.items():
        path = target / destination.format(**values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(source).render(**values), encoding="utf-8")
    return target
