"""Fictional demo resources and a draft "Right Care Right Person" section (``mad init --demo``)."""

import json
from pathlib import Path

from core.directory.leaflets import simple_pdf
from core.resources.library import add_attachment, save_resource
from core.resources.schemas import load_resource
from core.resources.sections import save_section

DEMO_FILE = Path(__file__).with_name("demo_resources.json")
DEMO_AUTHOR = "demo data"


def load_demo_resources(session, locales=("en", "pl")):
    """Add the demo resources (and their leaflets) and a draft demo section; returns how many resources.

    Called by ``mad init --demo`` and the tests. ``locales`` are the codes the force offers
    (a demo translation into a language it does not offer is left out).
    """
    rows = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    for row in rows:
        leaflet = row.pop("leaflet", None)
        row["texts"] = {code: text for code, text in row["texts"].items() if code in locales}
        resource, _changed = save_resource(session, load_resource(row, locales), DEMO_AUTHOR)
        if leaflet:
            add_attachment(session, resource, leaflet["filename"], "application/pdf",
                           simple_pdf(leaflet["title"], leaflet["lines"]), DEMO_AUTHOR)
    save_section(session, {
        "id": "demo-right-care-right-person", "title": "Right Care Right Person",
        "guidance": "From go-live, calls about concern for welfare are assessed against the Right Care Right "
                    "Person threshold. Use these resources when you hand a victim's welfare to a partner agency.",
        "template_ids": [], "resource_ids": ["demo-after-reporting", "demo-victims-code"], "service_ids": [],
    }, DEMO_AUTHOR)
    return len(rows)
