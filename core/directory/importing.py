"""Import services from HSDS JSON (one service, a list, or a paged ``/services`` answer) or CSV.

Every row is validated before anything is written; a file with any bad row is refused with one
problem per row, field and reason, and a good file is written in one transaction, so nothing is
ever half-imported. Services keep their ids: importing again updates them (and records it in
their history).
"""

import csv
import io
import json
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from marshmallow import EXCLUDE, Schema, ValidationError, fields

from core.csv_safety import restore
from core.directory.editing import Actions, save_service
from core.directory.hsds import from_hsds
from core.directory.hsds_package import PackageError, organisation_services, package_services
from core.directory.schemas import ServiceSchema, load_service
from core.json_limits import JsonTooDeep, load_json
from core.validation import plain
from core.models.directory import DirectoryService

#: The CSV columns, named as HSDS's services.csv names them where HSDS has the field.
CSV_COLUMNS = ("id", "organization_id", "organization_name", "name", "description", "status", "needs",
               "vulnerabilities", "eligibility_description", "languages", "service_areas", "phone", "email", "url",
               "address", "access", "opening_hours", "assured_date", "assurer_email", "review_due")
CSV_TO_FIELDS = {"organization_id": "organisation_id", "organization_name": "organisation_name",
                 "eligibility_description": "eligibility", "service_areas": "districts", "url": "web",
                 "assured_date": "last_assured_on", "assurer_email": "assured_by", "review_due": "review_due_on"}
FIELDS_TO_CSV = {v: k for k, v in CSV_TO_FIELDS.items()}


def no_progress(items, label):
    """The stand-in for ``progress(items, label)`` when the caller shows no progress bar."""
    return nullcontext(items)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row: where (``line`` of a CSV, or "service N" of JSON), field, why."""

    row: str
    field: str
    reason: str

    def __str__(self):
        return f"{self.row}: {self.field}: {self.reason}"


class ImportFailed(Exception):
    """The file was refused; ``problems`` lists every bad row, field and reason. Nothing was written."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list = field(default_factory=list)


class PageSchema(Schema):
    """A paged HSDS ``/services`` answer: only ``contents`` matters to the importer."""

    class Meta:
        unknown = EXCLUDE

    contents = fields.List(fields.Dict(), required=True)
    total_pages = fields.Integer(load_default=1)
    page_number = fields.Integer(load_default=1)


def services_in_document(document):
    """The service objects in an HSDS JSON document: a service, a list, or a paged answer.

    Called by the importer and the HSDS feed provider. Raises ``ValidationError`` for anything else.
    """
    if isinstance(document, list):
        return document
    if (services := organisation_services(document)) is not None:
        return services
    if isinstance(document, dict) and "contents" in document:
        return PageSchema().load(document)["contents"]
    if isinstance(document, dict) and ("name" in document or "id" in document):
        return [document]
    raise ValidationError("Expected an HSDS service, a list of services, a paged /services answer or an "
                          "organisation with its services")


SERVICE_FIELDS = ServiceSchema().fields


def _flatten(messages, prefix=""):
    for key, value in messages.items():
        name = f"{prefix}{key}" if not isinstance(key, int) else f"{prefix.rstrip('.')}[{key}]"
        if isinstance(value, dict):
            yield from _flatten(value, name + ".")
        else:
            field = SERVICE_FIELDS.get(name.split(".")[0].split("[")[0])
            found = value if isinstance(value, list) else [value]
            yield name, "; ".join(plain(field, name, str(v)) for v in found)


def _json_rows(text):
    try:
        document = load_json(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed([Problem(f"line {exc.lineno}", "file", f"not valid JSON: {exc.msg}")]) from None
    except JsonTooDeep as exc:
        raise ImportFailed([Problem("file", "file", str(exc))]) from None
    try:
        services = services_in_document(document)
    except ValidationError as exc:
        raise ImportFailed([Problem("file", "file", str(exc.messages))]) from None
    return [(f"service {n}", service, "hsds") for n, service in enumerate(services, start=1)]


def _csv_rows(text):
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "name" not in reader.fieldnames:
        raise ImportFailed([Problem("line 1", "header", "the first line must name the columns, including 'name' "
                                    f"(columns: {', '.join(CSV_COLUMNS)})")])
    rows = []
    for row in reader:
        values = {CSV_TO_FIELDS.get(k, k): restore(v) for k, v in row.items() if k is not None}
        rows.append((f"line {reader.line_num}", values, "csv"))
    return rows


def read_rows(path):
    """The rows of ``path`` as ``(where, values, kind)``: a CSV, HSDS JSON, or an HSDS data package (folder or zip)."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() == ".zip":
        try:
            services = package_services(path)
        except PackageError as exc:
            raise ImportFailed([Problem("file", "file", str(exc))]) from None
        return [(f"services.csv row {n}", service, "hsds") for n, service in enumerate(services, start=1)]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed([Problem("file", "file", f"cannot read {path.name}: {exc}")]) from None
    return _csv_rows(text) if path.suffix.lower() == ".csv" else _json_rows(text)


def validate_rows(rows, districts, progress=None):
    """Validate every row; returns ``([(where, clean fields)], warnings)`` or raises :class:`ImportFailed`."""
    progress = progress or no_progress
    problems, clean, warnings, seen = [], [], [], {}
    with progress(rows, "Checking") as bar:
        for where, values, kind in bar:
            try:
                if kind == "hsds":
                    values, notes = from_hsds(values, districts)
                    warnings += [f"{where}: {note}" for note in notes]
                data = load_service(values, districts)
            except ValidationError as exc:
                problems += [Problem(where, name, reason) for name, reason in _flatten(exc.messages)]
                continue
            if data["id"] and data["id"] in seen:
                problems.append(Problem(where, "id", f"the same id as {seen[data['id']]}: each service once"))
                continue
            seen[data["id"]] = where
            clean.append((where, data))
    if problems:
        raise ImportFailed(problems)
    return clean, warnings


def import_services(mad, path, who, progress=None):
    """Import the services in ``path`` into the built-in directory, all or nothing.

    Called by ``mad directory import``. ``progress(items, label)`` may wrap the rows in a
    progress bar (``click.progressbar``). Returns :class:`ImportResult`; raises
    :class:`ImportFailed` (nothing written) when any row is bad.
    """
    progress = progress or no_progress
    clean, warnings = validate_rows(read_rows(path), mad.config.force.get("districts") or [], progress)
    result = ImportResult(warnings=warnings)
    with mad.session() as session:
        with progress(clean, "Importing") as bar:
            for _where, data in bar:
                existed = bool(data["id"]) and session.get(DirectoryService, data["id"]) is not None
                _service, changed = save_service(session, data, who, action=Actions.IMPORTED)
                session.flush()
                if not existed:
                    result.created += 1
                elif changed:
                    result.updated += 1
                else:
                    result.unchanged += 1
    return result
