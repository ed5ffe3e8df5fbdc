"""HSDS organisation files and the tabular HSDS data package (folder or zip) import as a whole."""

import json
import zipfile

import pytest

from core.directory.finder import get_service
from core.directory.importing import ImportFailed, import_services

ORGANISATION = {
    "id": "org-1", "name": "Quayside Support Trust", "website": "https://quayside.example.org",
    "services": [
        {"id": "svc-1", "name": "Quayside Victim Helpline", "status": "active", "description": "Talk it through.",
         "phones": [{"id": "p1", "number": "0161 496 0701"}]},
        {"id": "svc-2", "name": "Quayside Fraud Advice", "status": "active", "description": "Scam advice.",
         "phones": [{"id": "p2", "number": "0161 496 0702"}]},
    ],
}

PACKAGE = {
    "datapackage.json": json.dumps({"name": "quayside-hsds", "resources": [
        {"name": "services", "path": "services.csv"}, {"name": "organizations", "path": "organizations.csv"},
        {"name": "phones", "path": "phones.csv"}]}),
    "services.csv": "id,organization_id,name,description,status,email\n"
                    "svc-1,org-1,Quayside Victim Helpline,Talk it through.,active,help@example.org\n"
                    "svc-2,org-1,Quayside Fraud Advice,Scam advice.,active,\n",
    "organizations.csv": "id,name,description\norg-1,Quayside Support Trust,A charity.\n",
    "phones.csv": "id,service_id,number\np1,svc-1,0161 496 0701\np2,svc-2,0161 496 0702\n",
}


def _mad(make_mad_app):
    return make_mad_app().extensions["mad"]


def test_an_organisation_file_imports_its_services_under_the_organisation(make_mad_app, tmp_path):
    mad = _mad(make_mad_app)
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps(ORGANISATION))
    assert import_services(mad, path, "Sam VSC").created == 2
    record = get_service(mad, "database", "svc-2")
    assert record.organisation == "Quayside Support Trust" and record.phone == "0161 496 0702"


def test_an_organisation_without_its_services_is_refused_by_its_shape(make_mad_app, tmp_path):
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps({k: v for k, v in ORGANISATION.items() if k != "services"}))
    with pytest.raises(ImportFailed) as failed:
        import_services(_mad(make_mad_app), path, "Sam VSC")
    assert "HSDS organisation without its services" in str(failed.value.problems[0].reason)


@pytest.mark.parametrize("as_zip", [False, True])
def test_the_tabular_data_package_imports_as_a_whole(make_mad_app, tmp_path, as_zip):
    mad = _mad(make_mad_app)
    folder = tmp_path / "package"
    folder.mkdir()
    for name, text in PACKAGE.items():
        (folder / name).write_text(text)
    path = folder
    if as_zip:
        path = tmp_path / "package.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for name, text in PACKAGE.items():
                archive.writestr(f"hsds/{name}", text)
    assert import_services(mad, path, "Sam VSC").created == 2
    helpline = get_service(mad, "database", "svc-1")
    assert (helpline.organisation, helpline.phone, helpline.email) == (
        "Quayside Support Trust", "0161 496 0701", "help@example.org")


def test_a_folder_without_datapackage_json_says_what_a_package_holds(make_mad_app, tmp_path):
    (tmp_path / "services.csv").write_text(PACKAGE["services.csv"])
    with pytest.raises(ImportFailed) as failed:
        import_services(_mad(make_mad_app), tmp_path, "Sam VSC")
    assert "No datapackage.json" in failed.value.problems[0].reason
