"""Fictional demo services for the embedded default (``mad init --demo``).

``demo_services.json`` holds 64 made-up services across the demo force's ten districts and every
need; phone numbers are from Ofcom's drama ranges and addresses at example.org.
"""

import json
from pathlib import Path

from core.directory.editing import add_leaflet, save_service
from core.directory.leaflets import simple_pdf
from core.directory.schemas import load_service

DEMO_FILE = Path(__file__).with_name("demo_services.json")
DEMO_AUTHOR = "demo data"


def load_demo_services(session, districts=None):
    """Add the demo services (and their leaflets) to the directory; returns how many.

    Called by ``mad init --demo`` and the tests. ``districts`` (the force's) are checked.
    """
    rows = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    for row in rows:
        leaflet = row.pop("leaflet", None)
        service, _changed = save_service(session, load_service(row, districts), DEMO_AUTHOR)
        if leaflet:
            add_leaflet(session, service, leaflet["filename"], "application/pdf",
                        simple_pdf(leaflet["title"], leaflet["lines"]), DEMO_AUTHOR)
    return len(rows)
