"""Run pip-audit over the installed dependencies; skip with a clear message when it cannot audit.

pip-audit asks PyPI's advisory data about every installed package. Where PyPI cannot be reached
(or a package index stands in for it without that data) nothing can be audited: this says so and
exits 0 rather than failing the check for a reason that is not a vulnerability. Known
vulnerabilities fail it (exit 1), each listed with its advisory id and the fixed versions.

Run by ``make check`` and ``make audit``: ``.venv/bin/python tools/audit_dependencies.py``.
"""

import json
import subprocess
import sys
from pathlib import Path

TIMEOUT_SECONDS = 600
UNREACHABLE = ("ConnectionError", "Max retries exceeded", "Name or service not known", "timed out",
               "Temporary failure in name resolution", "Network is unreachable")


def main():
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--skip-editable", "--format", "json", "--progress-spinner", "off"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        print(f"pip-audit skipped: PyPI's advisory data did not answer within {TIMEOUT_SECONDS} s.")
        return 0
    try:
        report = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    if not report.get("dependencies"):
        if any(words in done.stderr for words in UNREACHABLE):
            print("pip-audit skipped: PyPI's advisory data cannot be reached from here (no network to pypi.org).")
            return 0
        print(f"pip-audit could not run: {done.stderr.strip()[-800:]}")
        return 1
    dependencies = report["dependencies"]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    audited = [d for d in dependencies if "skip_reason" not in d]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        print(f"pip-audit: {len(vulnerable)} installed packages have known vulnerabilities: upgrade them in setup.cfg.")
        return 1
    if not audited:
        print(f"pip-audit skipped: the package index reached here has no advisory data "
              f"({len(dependencies)} packages could not be audited).")
        return 0
    print(f"pip-audit: no known vulnerabilities in {len(audited)} packages"
          + (f" ({len(dependencies) - len(audited)} could not be audited)." if len(audited) < len(dependencies) else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
