"""``mad plugin new``: the generated package installs (into a temporary folder) and passes its own tests."""

from click.testing import CliRunner

from core.cli import main
from tests.helpers import scaffold_and_test_plugin


def test_a_new_plugin_installs_and_passes_its_own_tests(tmp_path_factory):
    package, result, install, tests = scaffold_and_test_plugin("northshire_texts", tmp_path_factory.mktemp("kit"))
    assert result.exit_code == 0, result.output
    assert {p.name for p in package.iterdir()} >= {"setup.cfg", "pyproject.toml", "README.md", "tests",
                                                   "mad_northshire_texts"}
    assert install.returncode == 0, install.stderr
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "3 passed" in tests.stdout


def test_a_bad_name_or_an_existing_folder_is_refused(tmp_path):
    bad = CliRunner().invoke(main, ["plugin", "new", "Northshire-SMS", "--dir", str(tmp_path)])
    assert bad.exit_code != 0 and "use 2 to 41 lower-case letters" in bad.output
    CliRunner().invoke(main, ["plugin", "new", "again", "--dir", str(tmp_path)])
    twice = CliRunner().invoke(main, ["plugin", "new", "again", "--dir", str(tmp_path)])
    assert twice.exit_code != 0 and "already exists: nothing was written" in twice.output
