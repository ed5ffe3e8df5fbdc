"""``mad init --demo`` fills the directory; ``mad directory import|export`` as a VSC or integrator runs them."""

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from core.cli import main
from core.directory.importing import CSV_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_demo_instance_has_the_directory_and_it_exports_and_imports(tmp_path):
    instance = str(tmp_path / "instance")
    init = run("--instance", instance, "init", "--demo")
    assert init.exit_code == 0, init.output
    assert "Added 64 fictional support services to the directory." in init.output

    exported = run("--instance", instance, "directory", "export", "--format", "hsds-json", str(tmp_path / "d.json"))
    assert exported.exit_code == 0 and "Exported 64 services" in exported.output
    assert len(json.loads((tmp_path / "d.json").read_text())["contents"]) == 64
    as_csv = run("--instance", instance, "directory", "export", "--format", "csv", str(tmp_path / "d.csv"))
    assert "Exported 64 services" in as_csv.output

    again = run("--instance", instance, "directory", "import", str(tmp_path / "d.csv"))
    assert again.exit_code == 0 and "0 added, 0 updated, 64 unchanged" in again.output
    added = run("--instance", instance, "directory", "import", str(FIXTURES / "hsds_page.json"))
    assert "1 added, 0 updated, 0 unchanged" in added.output


def test_a_bad_file_lists_each_row_and_imports_nothing(tmp_path):
    instance = str(tmp_path / "instance")
    run("--instance", instance, "init", "--demo")
    path = tmp_path / "bad.csv"
    with open(path, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerow({"id": "ok-1", "name": "Fine Service", "phone": "0161 496 0990"})
        writer.writerow({"id": "bad-1", "name": "Bad Service", "email": "not an email"})
    result = run("--instance", instance, "directory", "import", str(path))
    assert result.exit_code == 1
    assert "line 3: email: Enter an email address" in result.output
    assert "1 problem(s) in" in result.output and "nothing was imported" in result.output
    exported = run("--instance", instance, "directory", "export", "--format", "csv", str(tmp_path / "d.csv"))
    assert "Exported 64 services" in exported.output  # "Fine Service" was not imported either
