"""HSDS shapes beyond services: an organisation file with its services, and the tabular data package.

Called by the importer (:mod:`core.directory.importing`). The tabular HSDS 3.0 data package is a
folder (or a zip of one) holding ``datapackage.json`` beside ``services.csv``, ``organizations.csv``,
``phones.csv``, ``service_areas.csv``...; its rows are joined back into service objects, so they
are checked and imported by the same code as HSDS JSON, as a whole.
"""

import csv
import io
import json
import zipfile
from pathlib import Path

from marshmallow import ValidationError

#: Keys only an HSDS organisation has (a service never does).
ORGANISATION_KEYS = {"legal_status", "year_incorporated", "organization_identifiers", "parent_organization_id",
                     "logo", "website"}
#: Tables joined to each service by ``service_id``, and the service key they become.
SERVICE_TABLES = {"phones.csv": "phones", "service_areas.csv": "service_areas", "contacts.csv": "contacts",
                  "schedules.csv": "schedules", "languages.csv": "languages"}
MAX_FILE_BYTES = 20 * 1024 * 1024


class PackageError(Exception):
    """The data package cannot be read as HSDS; the message says what is wrong and how to fix it."""


def organisation_services(document):
    """The services of an HSDS organisation object, each tied to it; None when ``document`` is not one.

    Raises ``ValidationError`` for an organisation that does not list its services.
    """
    if not isinstance(document, dict) or "contents" in document:
        return None
    if "services" not in document:
        is_service = "organization" in document or "organization_id" in document or "status" in document
        if ORGANISATION_KEYS & set(document) and not is_service:
            raise ValidationError("This is an HSDS organisation without its services: export the organisation with "
                                  "its \"services\" list, or import its /services answer instead")
        return None
    services = document["services"]
    if not isinstance(services, list) or not all(isinstance(s, dict) for s in services):
        raise ValidationError("An HSDS organisation's \"services\" must be a list of service objects")
    owner = {"id": document.get("id"), "name": document.get("name")}
    return [s if isinstance(s.get("organization"), dict) else dict(s, organization=owner) for s in services]


def _reader(path):
    """``read(name) -> text or None`` over a folder or a zip file."""
    path = Path(path)
    if path.is_dir():
        def read(name):
            found = path / name
            return found.read_text(encoding="utf-8-sig") if found.is_file() else None
        return read
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError(f"{path.name} is not a zip file: {exc}") from None
    names = {Path(n).name: n for n in archive.namelist() if not n.endswith("/")}

    def read(name):
        if name not in names:
            return None
        info = archive.getinfo(names[name])
        if info.file_size > MAX_FILE_BYTES:
            raise PackageError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        return archive.read(names[name]).decode("utf-8-sig")
    return read


def _table(read, name):
    text = read(name)
    if text is None:
        return []
    return [{k: v for k, v in row.items() if k is not None and v not in ("", None)}
            for row in csv.DictReader(io.StringIO(text))]


def package_services(path):
    """Service objects assembled from the tabular HSDS data package at ``path`` (folder or zip).

    Raises :class:`PackageError` when ``datapackage.json`` or ``services.csv`` is missing.
    """
    read = _reader(path)
    manifest = read("datapackage.json")
    if manifest is None:
        raise PackageError("No datapackage.json: an HSDS tabular data package has datapackage.json beside "
                           "services.csv, organizations.csv, phones.csv...")
    try:
        json.loads(manifest)
    except json.JSONDecodeError as exc:
        raise PackageError(f"datapackage.json is not valid JSON: {exc.msg} (line {exc.lineno})") from None
    services = _table(read, "services.csv")
    if not services:
        raise PackageError("The data package has no services.csv, or it has no rows: nothing to import")
    organisations = {row.get("id"): row for row in _table(read, "organizations.csv")}
    joined = {key: {} for key in SERVICE_TABLES.values()}
    for filename, key in SERVICE_TABLES.items():
        for row in _table(read, filename):
            joined[key].setdefault(row.get("service_id"), []).append(row)
    assembled = []
    for row in services:
        service = dict(row)
        if row.get("organization_id") in organisations:
            service["organization"] = organisations[row["organization_id"]]
        for key, by_service in joined.items():
            if row.get("id") in by_service:
                service[key] = by_service[row["id"]]
        assembled.append(service)
    return assembled
