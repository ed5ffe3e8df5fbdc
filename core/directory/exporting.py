"""Export the built-in directory as HSDS 3.0 JSON (a paged ``/services`` answer) or CSV.

The CSV has the columns the importer reads (:data:`core.directory.importing.CSV_COLUMNS`), so an
export imports back unchanged.
"""

import csv
import json

from core.csv_safety import neutralise
from core.directory.database import DatabaseProvider
from core.directory.hsds import to_hsds
from core.directory.importing import CSV_COLUMNS, FIELDS_TO_CSV, no_progress

FORMATS = ("hsds-json", "csv")


def hsds_page(records):
    """The services as one page of an HSDS ``/services`` answer (what importers and feeds read)."""
    contents = [to_hsds(r) for r in records]
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": not contents, "contents": contents}


def csv_row(record):
    """One service as a CSV row (lists joined with ``;``), formula-like cells neutralised (core/csv_safety.py)."""
    values = {
        "id": record.id, "organisation_name": record.organisation, "name": record.name,
        "description": record.description, "status": "active", "needs": "; ".join(record.needs),
        "vulnerabilities": "; ".join(record.vulnerabilities), "eligibility": record.eligibility,
        "languages": "; ".join(record.languages), "districts": "; ".join(record.districts), "phone": record.phone,
        "email": record.email, "web": record.web, "address": record.address, "access": record.access,
        "opening_hours": record.opening_hours,
        "last_assured_on": record.last_assured_on.isoformat() if record.last_assured_on else "",
        "assured_by": record.assured_by, "review_due_on": record.review_due_on.isoformat() if record.review_due_on else "",
    }
    return {FIELDS_TO_CSV.get(k, k): neutralise(v) for k, v in values.items()}


def export_services(mad, path, fmt, progress=None):
    """Write every active service of the built-in directory to ``path``; returns how many.

    Called by ``mad directory export``. ``progress(items, label)`` may wrap the rows in a
    progress bar.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    records = DatabaseProvider(mad).all()
    if fmt == "hsds-json":
        with open(path, "w", encoding="utf-8") as out:
            json.dump(hsds_page(records), out, indent=1, ensure_ascii=False)
        return len(records)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        with (progress or no_progress)(records, "Exporting") as bar:
            writer.writerows(csv_row(record) for record in bar)
    return len(records)
