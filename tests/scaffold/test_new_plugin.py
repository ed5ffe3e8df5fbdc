"""``mad plugin new``: the generated package installs (into a temporary folder) and passes its own tests."""

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from core.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_a_new_plugin_installs_and_passes_its_own_tests(tmp_path):
    result = CliRunner().invoke(main, ["plugin", "new", "northshire_texts", "--dir", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    package = tmp_path / "mad-northshire-texts"
    assert {p.name for p in package.iterdir()} >= {"setup.cfg", "pyproject.toml", "README.md", "tests",
                                                   "mad_northshire_texts"}
    site = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                              "--target", str(site), str(package)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(REPO)]))
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")],
                           capture_output=True, text=True, cwd=package, env=env, timeout=300)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "3 passed" in tests.stdout


def test_a_bad_name_or_an_existing_folder_is_refused(tmp_path):
    bad = CliRunner().invoke(main, ["plugin", "new", "Northshire-SMS", "--dir", str(tmp_path)])
    assert bad.exit_code != 0 and "use 2 to 41 lower-case letters" in bad.output
    CliRunner().invoke(main, ["plugin", "new", "again", "--dir", str(tmp_path)])
    twice = CliRunner().invoke(main, ["plugin", "new", "again", "--dir", str(tmp_path)])
    assert twice.exit_code != 0 and "already exists: nothing was written" in twice.output
