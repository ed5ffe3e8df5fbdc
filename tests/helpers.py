"""Helpers that act as an officer would on the real pages."""

from core.testing import csrf_from

SMS_UPDATE = {
    "crime_reference": "06/123456/26",
    "kind": "sms",
    "recipient": "07700 900123",
    "locale": "en",
    "field__officer_name": "PC 1234 Jones",
}


def compose_form(client, template_id):
    """Open the compose page; return ``(html, hidden idempotency key, csrf token)``."""
    html = client.get(f"/updates/new/{template_id}").get_data(as_text=True)
    key = html.split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]
    return html, key, csrf_from(html)


def preview(client, template_id, values):
    """Fill the compose form with ``values`` and press Preview; return the response."""
    _html, key, token = compose_form(client, template_id)
    data = {"idempotency_key": key, "csrf_token": token, "action": "preview", **values}
    return client.post(f"/updates/new/{template_id}", data=data)


def preview_and_send(client, template_id, values):
    """Preview, then press Send with exactly what the preview page carries; return the send response."""
    page = preview(client, template_id, values)
    assert page.status_code == 200, page.get_data(as_text=True)
    return client.post(f"/updates/send/{template_id}", data=hidden_fields(page.get_data(as_text=True)))


def hidden_fields(html):
    """Every hidden input of the send form, as the browser would post them."""
    import re

    form = html.split('action="/updates/send/', 1)[1]
    form = form.split("</form>", 1)[0]
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
    from html import unescape

    return {name: unescape(value) for name, value in pairs}


_SCAFFOLDED = {}


def scaffold_and_test_plugin(name, root):
    """Run ``mad plugin new NAME --dir ROOT``, install the package into ``ROOT/site`` and run its own tests.

    Returns ``(package folder, cli result, install process, tests process)``. Done once per test
    session for each name (the unit test of the scaffold and the integrators' feature share it),
    since installing and running a package takes a while.
    """
    if name in _SCAFFOLDED:
        return _SCAFFOLDED[name]
    import os
    import subprocess  # nosec B404 - runs pip and pytest on the package the test just generated
    import sys
    from pathlib import Path

    from click.testing import CliRunner

    from core.cli import main

    repo = Path(__file__).resolve().parents[1]
    result = CliRunner().invoke(main, ["plugin", "new", name, "--dir", str(root)], catch_exceptions=False)
    package = Path(root) / f"mad-{name.replace('_', '-')}"
    site = Path(root) / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                              "--target", str(site), str(package)], capture_output=True, text=True, timeout=300)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(repo)]))
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")],
                           capture_output=True, text=True, cwd=package, env=env, timeout=300)
    _SCAFFOLDED[name] = package, result, install, tests
    return _SCAFFOLDED[name]
