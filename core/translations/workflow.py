"""The Babel workflow over ``locales/``: extract, update and report coverage.

Two domains, configured in ``setup.cfg`` and ``babel.cfg``:

- ``[extract_messages]`` → ``locales/messages.pot``: interface text, marked ``_()``/``gettext``
  in Python and Jinja and ``N_()`` for titles, labels and hints;
- ``[extract_templates]`` → ``locales/templates.pot``: wording sent to victims, marked ``T_()``.

Called by ``mad translations extract | update | coverage`` (``compile`` is
:func:`core.i18n.compile_catalogues`).
"""

import configparser
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from core.i18n import IDENTICAL_FLAG, TEMPLATES_DOMAIN, UI_DOMAIN, counts_as_translated

#: The setup.cfg section that configures extraction of each domain.
SECTIONS = {UI_DOMAIN: "extract_messages", TEMPLATES_DOMAIN: "extract_templates"}
WIDTH = 100


class WorkflowError(Exception):
    """The workflow cannot run (no setup.cfg, a missing .pot...); the message says what to do."""


@dataclass(frozen=True)
class DomainConfig:
    """Where one domain's strings are found (mapping, keywords) and which ``.pot`` they go to."""

    domain: str
    mapping_file: Path
    output_file: Path
    keywords: dict


def project_root():
    """The source checkout holding setup.cfg, babel.cfg and locales/ (the workflow is for developers)."""
    import locales

    return Path(locales.__file__).resolve().parent.parent


def domain_configs(root=None):
    """Read ``[extract_messages]`` and ``[extract_templates]`` from ``setup.cfg``; one :class:`DomainConfig` each."""
    root = Path(root or project_root())
    parser = configparser.ConfigParser()
    if not parser.read(root / "setup.cfg"):
        raise WorkflowError(f"No setup.cfg in {root}: run the translations workflow from a source checkout")
    configs = []
    for domain, section in SECTIONS.items():
        if not parser.has_section(section):
            raise WorkflowError(f"setup.cfg has no [{section}] section (mapping_file, output_file, keywords)")
        options = parser[section]
        keywords = parse_keywords(options.get("keywords", "").split())
        configs.append(DomainConfig(domain, root / options["mapping_file"], root / options["output_file"], keywords))
    return configs


def extracted(root, config):
    """A :class:`Catalog` of every string of ``config``'s domain found in the sources under ``root``.

    Called by :func:`extract` and by the test that keeps the Welsh interface complete.
    """
    with config.mapping_file.open() as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(config.mapping_file))
    catalog = Catalog(project="MaD Toolkit", version="0.1", domain=config.domain, fuzzy=False,
                      copyright_holder="MaD Toolkit contributors")
    for filename, lineno, message, comments, context in extract_from_dir(
            root, method_map, options_map, keywords=config.keywords, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def extract(root=None):
    """Extract both domains' strings from the sources into their ``.pot`` files.

    Returns ``{domain: number of msgids}``.
    """
    root = Path(root or project_root())
    counts = {}
    for config in domain_configs(root):
        catalog = extracted(root, config)
        config.output_file.parent.mkdir(parents=True, exist_ok=True)
        with config.output_file.open("wb") as fh:
            write_po(fh, catalog, width=WIDTH, sort_by_file=True, omit_header=False)
        counts[config.domain] = len(catalog)
    return counts


def _read(path, locale=None):
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def update(root=None, add=()):
    """Merge each ``.pot`` into every locale's ``.po`` (new strings empty, changed ones fuzzy).

    ``add`` lists new locale codes to start catalogues for. The ``identical`` flag survives the
    merge. Returns the list of ``.po`` paths written.
    """
    root = Path(root or project_root())
    written = []
    for config in domain_configs(root):
        if not config.output_file.exists():
            raise WorkflowError(f"{config.output_file} does not exist: run `mad translations extract` first")
        template = _read(config.output_file)
        locales_dir = config.output_file.parent
        for code in add:
            path = locales_dir / code / "LC_MESSAGES" / f"{config.domain}.po"
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                catalog = Catalog(locale=code, domain=config.domain, project="MaD Toolkit", version="0.1", fuzzy=False)
                with path.open("wb") as fh:
                    write_po(fh, catalog, width=WIDTH)
        for path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{config.domain}.po")):
            catalog = _read(path, locale=path.parent.parent.name)
            identical = {m.id for m in catalog if m.id and IDENTICAL_FLAG in m.flags}
            catalog.update(template, update_header_comment=False)
            for message in catalog:
                if message.id in identical:
                    message.flags.add(IDENTICAL_FLAG)
            with path.open("wb") as fh:
                write_po(fh, catalog, width=WIDTH, ignore_obsolete=True)
            written.append(path)
    return written


@dataclass(frozen=True)
class Coverage:
    """How far one locale's catalogue of one domain covers the English."""

    locale: str
    domain: str
    total: int
    translated: int
    missing: int
    #: Translated but not yet reviewed by a native speaker (None where review is not tracked).
    draft: int | None


def catalogue_coverage(po_path, msgids):
    """``(translated msgids, missing msgids)`` of the ``.po`` at ``po_path`` for ``msgids``.

    A copy of the English counts as missing unless flagged ``identical``.
    """
    translated = set()
    if po_path.exists():
        translated = {m.id for m in _read(po_path) if counts_as_translated(m)}
    done = [m for m in msgids if m in translated]
    return done, [m for m in msgids if m not in translated]


def interface_msgids(root=None):
    """The msgids of ``locales/messages.pot`` (interface text), in order."""
    config = next(c for c in domain_configs(root) if c.domain == UI_DOMAIN)
    if not config.output_file.exists():
        raise WorkflowError(f"{config.output_file} does not exist: run `mad translations extract` first")
    return [m.id for m in _read(config.output_file) if m.id]
