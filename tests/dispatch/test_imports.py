"""The delivery drivers stand alone: no import circle, and plugins' surface without the web face.

The embedded dispatcher (:mod:`core.dispatcher`), the Celery app (:mod:`core.celery_app`) and the
work its tasks do (:mod:`core.tasks`) are thin drivers over :mod:`core.messaging.claims` and
:mod:`core.messaging.outbox`; :mod:`core.runtime` chooses between them. The import graph (every
import, including those inside functions) is read with grimp.
"""

import itertools
import subprocess
import sys

import grimp
import pytest

DRIVERS = ("core.dispatcher", "core.celery_app", "core.tasks")


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("core", "plugins", cache_dir=None)


@pytest.mark.parametrize("first,second", list(itertools.combinations(DRIVERS, 2)))
def test_no_two_drivers_import_each_other_even_through_other_modules(graph, first, second):
    there = graph.find_shortest_chain(importer=first, imported=second)
    back = graph.find_shortest_chain(importer=second, imported=first)
    assert not (there and back), f"import circle: {' → '.join(there)} and back: {' → '.join(back)}"


def test_the_drivers_share_the_claiming_and_delivering_modules_and_not_each_other(graph):
    for driver in ("core.dispatcher", "core.tasks"):
        assert graph.find_shortest_chain(importer=driver, imported="core.messaging.outbox")
    assert graph.find_shortest_chain(importer="core.messaging.outbox", imported="core.messaging.claims")
    for module in ("core.messaging.claims", "core.messaging.outbox"):
        for driver in DRIVERS + ("core.runtime",):
            assert not graph.find_shortest_chain(importer=module, imported=driver), f"{module} imports {driver}"
    assert not graph.find_shortest_chain(importer="core.dispatcher", imported="core.celery_app")
    assert not graph.find_shortest_chain(importer="core.tasks", imported="core.dispatcher")


def test_the_plugins_surface_does_not_import_the_web_face(graph):
    chain = graph.chain_exists(importer="core.toolkit", imported="core.web", as_packages=True)
    assert not chain, graph.find_shortest_chains(importer="core.toolkit", imported="core.web", as_packages=True)


@pytest.mark.parametrize("module", DRIVERS + ("core.toolkit",))
def test_each_imports_alone_in_a_fresh_interpreter(module):
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
