"""Import HSDS JSON (one service, a list, a paged answer) and CSV, all or nothing; export what validates."""

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from core.directory.database import DatabaseProvider
from core.directory.exporting import export_services
from core.directory.importing import CSV_COLUMNS, ImportFailed, import_services
from core.models.directory import DirectoryChange, DirectoryService

FIXTURES = Path(__file__).parent / "fixtures"
SERVICE_SCHEMA = json.loads((FIXTURES / "hsds_service_schema.json").read_text())


def count(mad, model):
    with mad.session() as session:
        return session.query(model).count()


def test_one_hsds_service_imports_with_its_needs_contacts_and_areas(make_mad_app, database):
    mad = make_mad_app(database=database).extensions["mad"]
    result = import_services(mad, FIXTURES / "hsds_service.json", "Sam VSC")
    assert (result.created, result.updated, result.warnings) == (1, 0, [])
    record = DatabaseProvider(mad).get("9a0c3c52-3f7e-4b7e-9d55-0d1f6a7f2a01")
    assert record.name == "Harbourside Advocacy" and record.organisation == "Harbourside Trust"
    assert record.needs == ("stalking_harassment",) and record.vulnerabilities == ("women",)
    assert record.phone == "0161 496 0701"  # the quotes HSDS examples put around numbers are gone
    assert (record.districts, record.languages) == (("Northtown",), ("ur",))
    assert record.address == "1 Quay Street, Northtown, NT1 1AA"
    assert record.opening_hours == "Monday to Friday, 9am to 5pm"
    assert (record.last_assured_on, record.assured_by) == (date(2026, 3, 1), "assurer@example.org")
    assert record.review_due_on == date(2027, 3, 1)


def test_a_list_and_a_paged_answer_import_and_importing_again_updates(make_mad_app):
    mad = make_mad_app().extensions["mad"]
    listed = import_services(mad, FIXTURES / "hsds_list.json", "Sam VSC")
    assert listed.created == 2
    assert listed.warnings == ["service 2: service_areas names none of this force's districts: imported as "
                               "serving the whole area"]
    assert DatabaseProvider(mad).get("list-0002").phone == "07700 900702"  # from the contact's phones
    assert DatabaseProvider(mad).get("list-0002").districts == ()
    assert import_services(mad, FIXTURES / "hsds_page.json", "Sam VSC").created == 1
    assert DatabaseProvider(mad).get("page-0001").needs == ("veterans",)
    again = import_services(mad, FIXTURES / "hsds_list.json", "Sam VSC")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert count(mad, DirectoryService) == 3


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


GOOD_ROW = {"id": "csv-1", "name": "Ember Fraud Support", "needs": "fraud_scams; Older people",
            "service_areas": "Southmere", "phone": "0161 496 0901", "url": "https://ember.example.org",
            "access": "self_referral", "assured_date": "2026-02-02"}


def test_a_csv_with_bad_rows_is_refused_row_by_row_and_nothing_is_written(make_mad_app, database, tmp_path):
    mad = make_mad_app(database=database).extensions["mad"]
    path = write_csv(tmp_path / "services.csv", [
        GOOD_ROW,
        {**GOOD_ROW, "id": "csv-2", "name": "", "phone": "call us"},
        {**GOOD_ROW, "id": "csv-3", "needs": "knitting", "service_areas": "Atlantis", "assured_date": "someday"},
        {**GOOD_ROW},  # the same id again
    ])
    with pytest.raises(ImportFailed) as failed:
        import_services(mad, path, "Sam VSC")
    problems = {(p.row, p.field) for p in failed.value.problems}
    assert problems == {("line 3", "name"), ("line 3", "phone"), ("line 4", "needs[0]"), ("line 4", "districts"),
                        ("line 4", "last_assured_on"), ("line 5", "id")}
    reasons = {str(p) for p in failed.value.problems}
    assert "line 3: phone: Enter a phone number, e.g. 0161 496 0123" in reasons
    assert any(r.startswith("line 4: districts: Unknown district Atlantis") for r in reasons)
    assert count(mad, DirectoryService) == 0 and count(mad, DirectoryChange) == 0


def test_a_failure_while_writing_leaves_nothing_half_imported(make_mad_app, tmp_path, monkeypatch):
    mad = make_mad_app().extensions["mad"]
    path = write_csv(tmp_path / "services.csv", [GOOD_ROW, {**GOOD_ROW, "id": "csv-2", "name": "Second"}])
    import core.directory.importing as importing

    real_save, calls = importing.save_service, []

    def save_then_fail(session, data, *args, **kwargs):
        calls.append(data["id"])
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_save(session, data, *args, **kwargs)

    monkeypatch.setattr(importing, "save_service", save_then_fail)
    with pytest.raises(RuntimeError):
        import_services(mad, path, "Sam VSC")
    assert calls == ["csv-1", "csv-2"] and count(mad, DirectoryService) == 0


def test_files_that_are_not_services_say_so(make_mad_app, tmp_path):
    mad = make_mad_app().extensions["mad"]
    (tmp_path / "broken.json").write_text('{"contents": [')
    (tmp_path / "other.json").write_text('{"colour": "blue"}')
    (tmp_path / "noheader.csv").write_text("just,some,words\n")
    for name, expected in [("broken.json", "not valid JSON"), ("other.json", "Expected an HSDS service"),
                           ("noheader.csv", "must name the columns")]:
        with pytest.raises(ImportFailed) as failed:
            import_services(mad, tmp_path / name, "Sam VSC")
        assert expected in str(failed.value.problems[0])


def test_the_export_validates_against_the_hsds_service_schema_and_imports_back(directory_app, database, tmp_path):
    mad = directory_app(database=database).extensions["mad"]
    assert export_services(mad, tmp_path / "out.json", "hsds-json") >= 60
    page = json.loads((tmp_path / "out.json").read_text())
    assert page["total_items"] == len(page["contents"]) and page["total_pages"] == 1
    validator = Draft202012Validator(SERVICE_SCHEMA, format_checker=FormatChecker())
    for service in page["contents"]:
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(service)]
        assert errors == [], (service["name"], errors)
    needs = {a["taxonomy_term"]["code"] for s in page["contents"] for a in s["attributes"]
             if a["taxonomy_term"]["taxonomy"] == "mad-needs"}
    assert len(needs) == 17
    before = {r.id: r for r in DatabaseProvider(mad).all()}

    other = directory_app(database=database, demo=False).extensions["mad"]
    assert import_services(other, tmp_path / "out.json", "Sam VSC").created == len(before)
    after = {r.id: r for r in DatabaseProvider(other).all()}
    assert after == before  # every field of every service (leaflets stay in the toolkit, not in HSDS)


def test_the_csv_export_imports_back_unchanged(directory_app, tmp_path):
    mad = directory_app().extensions["mad"]
    export_services(mad, tmp_path / "out.csv", "csv")
    assert import_services(mad, tmp_path / "out.csv", "Sam VSC").unchanged >= 60
    with open(tmp_path / "out.csv", newline="") as source:
        assert tuple(csv.DictReader(source).fieldnames) == CSV_COLUMNS


def test_hsds_parts_of_the_wrong_shape_are_refused_row_by_row_not_crashed_on(make_mad_app, tmp_path):
    mad = make_mad_app().extensions["mad"]
    path = tmp_path / "services.json"
    path.write_text(json.dumps([
        {"id": "s-1", "name": "Odd Attributes", "attributes": ["stalking"]},
        {"id": "s-2", "name": "Odd Term", "attributes": [{"taxonomy_term": "x"}]},
        {"id": "s-3", "name": "Odd Areas", "service_areas": "Northtown"},
        {"id": "s-4", "name": "Odd Location", "service_at_locations": [{"location": ["x"]}]},
        {"id": "s-5", "name": "Numeric Code", "attributes": [{"taxonomy_term": {"code": 7, "taxonomy": "x"}}]},
    ]))
    with pytest.raises(ImportFailed) as failed:
        import_services(mad, path, "Sam VSC")
    problems = {(p.row, p.field, p.reason) for p in failed.value.problems}
    assert problems == {("service 1", "attributes[0]", "Expected an object"),
                        ("service 2", "attributes[0].taxonomy_term", "Expected an object"),
                        ("service 3", "service_areas", "Expected a list of objects"),
                        ("service 4", "service_at_locations[0].location", "Expected an object"),
                        ("service 5", "attributes[0].taxonomy_term.code",
                         "Expected text (HSDS gives this field as a string)")}
    assert count(mad, DirectoryService) == 0


def test_the_hsds_export_imports_back_into_the_same_directory_unchanged(directory_app, tmp_path):
    mad = directory_app().extensions["mad"]
    exported = export_services(mad, tmp_path / "out.json", "hsds-json")
    result = import_services(mad, tmp_path / "out.json", "Sam VSC")
    assert (result.created, result.updated, result.unchanged) == (0, 0, exported)
