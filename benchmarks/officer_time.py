"""Officer time: how long scripted officer tasks take, by the keystroke-level model and the clock.

Run with ``.venv/bin/python benchmarks/officer_time.py [--only NAME ...] [--list]``.

It writes a demo instance in a temporary folder (``mad init --demo``: SQLite, sandbox channels,
demo users and services), serves it in-process with waitress and the embedded dispatcher, opens
Debian's headless Chromium (``/usr/bin/chromium``, nothing downloaded) and, for each task, signs in
as the task's role (not counted) and drives the pages as an officer would. One line per task::

    task NAME: interactions N, keystrokes K, screens S, klm X.X s, wall Y.Y s

- an **interaction** is a click, tap or selection (a pointing action);
- **keystrokes** are the characters typed;
- a **screen** is a page the officer has to take in (each main-frame navigation);
- **klm** is the keystroke-level model estimate: 0.28 s a keystroke, 1.2 s a pointing interaction
  (point and click) and 1.35 s a screen (one mental step to read it);
- **wall** is the time the browser took, server included.

Text a task types with ``separately=True`` (for example a child's own words, whose length the
officer does not control) is left out of the task's figures and printed on its own line as
``  typed separately: K keystrokes, klm X.X s``. Beside each task the same run prints its baseline,
``  baseline by hand: keystrokes K, klm X.X s``: the keystroke-level cost of typing by hand the words
the task sent (what the officer did before the toolkit: writing the message and the crime record),
measured from the text the task actually sent or wrote.

Tasks live in ``benchmarks/officer_tasks/<area>.py``; every module there is imported, and each
registers its tasks with :func:`task`.
"""

import argparse
import importlib
import pkgutil
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Task modules import ``benchmarks.officer_time``: run as a script, this module is that one too,
# so that they register into the same TASKS.
if __name__ == "__main__":
    sys.modules.setdefault("benchmarks.officer_time", sys.modules[__name__])

KEYSTROKE_S = 0.28
POINT_S = 1.2
SCREEN_S = 1.35
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def klm(interactions, keystrokes, screens):
    """The keystroke-level model estimate in seconds."""
    return keystrokes * KEYSTROKE_S + interactions * POINT_S + screens * SCREEN_S


@dataclass
class Task:
    name: str
    run: object
    role: str = "officer"
    setup: object = None


TASKS = {}


def task(name, role="officer", setup=None):
    """Register an officer task under ``name``: ``@task("update from blank", role="officer")``.

    ``setup(app)``, if given, runs in-process inside an app context before the task to create the
    data it needs; the task function receives an :class:`Officer`.
    """
    def register(func):
        if name in TASKS:
            raise ValueError(f"two officer tasks are called {name!r}")
        TASKS[name] = Task(name=name, run=func, role=role, setup=setup)
        return func
    return register


@dataclass
class Officer:
    """The officer's hands on one browser page: every counted action goes through here."""

    page: object
    base_url: str
    interactions: int = 0
    keystrokes: int = 0
    screens: int = 0
    separate_keystrokes: int = 0
    by_hand: list = field(default_factory=list)

    def open(self, path):
        """Go to ``path`` (the task's starting screen)."""
        self.page.goto(self.base_url + path)

    def click(self, selector):
        """Point and click (a link, a button, a tab): one interaction."""
        self.page.click(selector)
        self.interactions += 1

    def choose(self, selector, value=None):
        """Select an option (``value`` given), or tick a radio button or checkbox: one interaction."""
        if value is None:
            self.page.check(selector)
        else:
            self.page.select_option(selector, value)
        self.interactions += 1

    def type(self, selector, text, separately=False):
        """Type ``text`` into a field: one keystroke per character (the field is focused by a click
        only when the officer must point at it; call :meth:`click` first for that)."""
        self.page.fill(selector, text)
        if separately:
            self.separate_keystrokes += len(text)
        else:
            self.keystrokes += len(text)

    def expect_text(self, text, timeout=15_000):
        """Wait until ``text`` is on the page (not counted: the officer reads it as part of the screen)."""
        self.page.get_by_text(text).first.wait_for(timeout=timeout)

    def wrote_by_hand(self, text):
        """Record words the task sent or wrote, for the by-hand baseline."""
        self.by_hand.append(text)


def load_tasks():
    """Import every module in ``benchmarks/officer_tasks`` so its tasks register."""
    import benchmarks.officer_tasks as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"benchmarks.officer_tasks.{info.name}")
    return TASKS


def make_instance(folder):
    """``mad init --demo`` in ``folder``; return ``{role: (email, password)}``."""
    mad = Path(sys.executable).with_name("mad")
    subprocess.run([str(mad), "--instance", str(folder), "init", "--demo"], check=True, capture_output=True)
    from core.instance import DEMO_CREDENTIALS

    credentials = {}
    for line in (Path(folder) / DEMO_CREDENTIALS).read_text().splitlines():
        match = re.match(r"(\w+): (\S+) / (\S+)", line)
        if match:
            credentials[match[1]] = (match[2], match[3])
    if not credentials:
        raise SystemExit("mad init --demo wrote no demo users' passwords")
    return credentials


def serve(folder):
    """Serve the instance in-process; return ``(app, base_url, server)``."""
    from waitress import create_server

    from core import create_app

    app = create_app(instance_path=str(folder))
    app.extensions["mad"].dispatcher.start()
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, name="officer-time-waitress", daemon=True).start()
    return app, f"http://127.0.0.1:{server.effective_port}", server


def sign_in(page, base_url, email, password):
    page.goto(base_url + "/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def run_task(browser, app, base_url, credentials, spec):
    """Run one task in a fresh browser context; return its printed lines."""
    if spec.setup:
        with app.app_context():
            spec.setup(app)
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    email, password = credentials[spec.role]
    sign_in(page, base_url, email, password)
    officer = Officer(page=page, base_url=base_url)
    page.on("framenavigated", lambda frame: _count_screen(officer, frame))
    started = time.perf_counter()
    spec.run(officer)
    wall = time.perf_counter() - started
    context.close()
    lines = [f"task {spec.name}: interactions {officer.interactions}, keystrokes {officer.keystrokes}, "
             f"screens {officer.screens}, klm {klm(officer.interactions, officer.keystrokes, officer.screens):.1f} s, "
             f"wall {wall:.1f} s"]
    if officer.separate_keystrokes:
        lines.append(f"  typed separately: {officer.separate_keystrokes} keystrokes, "
                     f"klm {officer.separate_keystrokes * KEYSTROKE_S:.1f} s")
    if officer.by_hand:
        keys = sum(len(text) for text in officer.by_hand)
        lines.append(f"  baseline by hand: keystrokes {keys}, klm {klm(len(officer.by_hand), keys, 1):.1f} s")
    return lines


def _count_screen(officer, frame):
    if frame.parent_frame is None:
        officer.screens += 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="run only this task (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the tasks and stop")
    args = parser.parse_args(argv)
    tasks = load_tasks()
    if args.list:
        for name, spec in tasks.items():
            print(f"{name} (as {spec.role})")
        return 0
    chosen = [tasks[name] for name in args.only] if args.only else list(tasks.values())
    if not chosen:
        print("no officer tasks are registered (add a module to benchmarks/officer_tasks/)")
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="mad-officer-time-") as folder:
        credentials = make_instance(folder)
        app, base_url, server = serve(folder)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                for spec in chosen:
                    for line in run_task(browser, app, base_url, credentials, spec):
                        print(line, flush=True)
                browser.close()
        finally:
            server.close()
            app.extensions["mad"].dispatcher.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
