"""CSV exports are safe in spreadsheets (OWASP CSV injection) and import back exactly."""

import csv

from hypothesis import given
from hypothesis import strategies as st

from core.csv_safety import neutralise, restore


def test_cells_a_spreadsheet_would_run_are_quoted():
    assert [neutralise(v) for v in ["=HYPERLINK(\"http://x\")", "+44 161", "-2", "@SUM(A1)", "\t=1", "\r=1"]] == \
        ["'=HYPERLINK(\"http://x\")", "'+44 161", "'-2", "'@SUM(A1)", "'\t=1", "'\r=1"]
    assert [neutralise(v) for v in ["0161 496 0123", "Open 9-5", "", "'quoted'", None]] == \
        ["0161 496 0123", "Open 9-5", "", "'quoted'", None]


@given(st.text())
def test_restore_undoes_neutralise_for_every_text(value):
    assert restore(neutralise(value)) == value
    assert not neutralise(value).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_a_directory_export_with_formulas_is_safe_and_imports_back_exactly(make_mad_app, tmp_path):
    from core.directory.database import DatabaseProvider
    from core.directory.editing import save_service
    from core.directory.exporting import export_services
    from core.directory.importing import import_services
    from core.directory.schemas import load_service

    mad = make_mad_app(districts=["Northtown"]).extensions["mad"]
    with mad.session() as session:
        save_service(session, load_service({
            "id": "formula-1", "name": "@Risk Money Advice", "description": "=HYPERLINK(\"http://example.org\",\"Click\")",
            "organisation_name": "+Plus Community Trust", "eligibility": "-18s welcome with a parent",
            "needs": ["financial_hardship"], "phone": "0161 496 0777", "opening_hours": "'=quoted already",
            "last_assured_on": "2026-11-01"}, ["Northtown"]), "Sam VSC")
    before = DatabaseProvider(mad).get("formula-1")
    export_services(mad, tmp_path / "out.csv", "csv")
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as source:
        row = next(csv.DictReader(source))
    assert row["name"] == "'@Risk Money Advice" and row["description"].startswith("'=HYPERLINK")
    assert row["organization_name"] == "'+Plus Community Trust" and row["eligibility_description"].startswith("'-18s")
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row.values())
    other = make_mad_app(districts=["Northtown"]).extensions["mad"]
    assert import_services(other, tmp_path / "out.csv", "Sam VSC").created == 1
    assert DatabaseProvider(other).get("formula-1") == before
