"""Fixtures for the browser tests: a real app served by waitress, headless Chromium, and axe-core.

Chromium is the system one (``/usr/bin/chromium``); nothing is downloaded. The flags keep it
from reaching for the network, which this machine does not have.
"""

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = ("serious", "critical")


@dataclass
class LiveServer:
    app: object
    url: str

    @property
    def mad(self):
        return self.app.extensions["mad"]


@pytest.fixture
def live_server(make_mad_app):
    """A real app (fresh SQLite database, dispatcher running) served by waitress on a free loopback port."""
    from waitress import create_server

    app = make_mad_app()
    app.extensions["mad"].dispatcher.start()
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="mad-waitress", daemon=True)
    thread.start()
    yield LiveServer(app=app, url=f"http://127.0.0.1:{server.effective_port}")
    server.close()
    thread.join(timeout=5)
    # make_mad_app's own teardown stops the dispatcher and disposes of the database.


@pytest.fixture
def officer(live_server, make_user):
    """``(user, password)`` for an officer of the live app."""
    return make_user(live_server.app, role="officer", display_name="PC 1234 Jones")


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole session (each test gets its own context)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser, live_server, tmp_path):
    """A fresh browser page (own cookies) pointed at the live server; a trace is kept in tmp_path."""
    context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB",
                                           viewport={"width": 1024, "height": 800})
    context.set_default_timeout(10_000)
    context.tracing.start(screenshots=True, snapshots=True)
    page = context.new_page()
    yield page
    context.tracing.stop(path=str(tmp_path / "trace.zip"))
    context.close()


def format_violations(violations):
    """One line per violation (id, impact, rule) and one per failing node (its targets and axe's reason)."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            reason = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {reason}")
    return "\n".join(lines)


def _is_conditional_reveal(node):
    """A GOV.UK Frontend radio or checkbox that reveals a question: its script sets aria-expanded on
    the input (the design system's documented pattern, which axe's aria-allowed-attr rule flags)."""
    html = node.get("html", "")
    summary = node.get("failureSummary") or ""
    return (html.startswith("<input") and ('type="radio"' in html or 'type="checkbox"' in html)
            and "aria-controls=" in html and "aria-expanded" in summary
            and summary.count("ARIA attribute is not allowed") == 1)


def _without_conditional_reveals(violation):
    """``violation`` without the nodes of GOV.UK conditional reveals (None when none is left)."""
    if violation["id"] != "aria-allowed-attr":
        return violation
    nodes = [n for n in violation["nodes"] if not _is_conditional_reveal(n)]
    return {**violation, "nodes": nodes} if nodes else None


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe, tmp_path):
    """``assert_accessible(page, name)``: axe-core finds nothing serious or critical on the current page.

    Every page's full list of violations (minor and moderate too) is kept in ``tmp_path/axe/``.
    """
    reports = tmp_path / "axe"
    reports.mkdir()

    def check(page, name):
        results = axe.run(page)
        violations = results.response["violations"]
        (reports / f"{name.replace(' ', '-')}.json").write_text(json.dumps(
            {"url": page.url, "violations": violations}, indent=2))
        assert results.response["passes"], f"axe checked nothing on the {name} page ({page.url})"
        blocking = [v for v in (_without_conditional_reveals(v) for v in violations)
                    if v is not None and v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            pytest.fail(f"axe found {len(blocking)} serious/critical accessibility violation(s) on the {name} "
                        f"page ({page.url}):\n{format_violations(blocking)}", pytrace=False)
        return results

    return check

