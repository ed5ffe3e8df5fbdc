"""Step definitions for features/integrators.feature: the API and webhooks as a partner system uses them.

The app is served on loopback by waitress with its dispatcher running and the sandbox channel;
every step is an HTTP call a records system would make (``requests``), and what the victim
receives is read from the sandbox's capture rows. Webhooks land on a real loopback receiver that
verifies the Standard Webhooks signature.
"""

import threading
import time

import pytest
import requests
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from core.models import SandboxCapture
from core.webhooks.outbox import register_endpoint
from core.testing import csrf_from
from tests.factories import make_token, send_body
from tests.helpers import scaffold_and_test_plugin
from tests.webhooks.receiver import Receiver

scenarios("integrators.feature")


class Integration:
    served = None
    headers = None
    answers = ()
    receiver = None


@pytest.fixture
def world(make_mad_app, signed_in):
    from waitress import create_server

    state = Integration()
    app = make_mad_app()
    app.extensions["mad"].dispatcher.start()
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    state.app, state.url, state.answers = app, f"http://127.0.0.1:{server.effective_port}", []
    state.signed_in = signed_in
    yield state
    if state.receiver:
        state.receiver.close()
    server.close()
    thread.join(timeout=5)


def _wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)
    return found


def _captures(world):
    with world.app.extensions["mad"].session() as session:
        return session.scalars(select(SandboxCapture)).all()


def _post(world, body, key=None, headers=None):
    sent = dict(headers or world.headers)
    if key:
        sent["Idempotency-Key"] = key
    answer = requests.post(f"{world.url}/api/v1/messages", json=body, headers=sent, timeout=30)
    world.answers.append(answer)
    return answer


@given("Testshire Police runs the toolkit with texts going to the sandbox")
def toolkit(world):
    assert requests.get(f"{world.url}/healthz", timeout=10).status_code == 200


@given(parsers.parse('an admin has made a token for "{name}" allowed to send, read status and read the chronology'))
def token(world, name):
    world.headers = make_token(world.app, scopes=["send", "read:status", "read:chronology"], name=name)[1]


@given(parsers.parse('an admin has made a token for "{name}" allowed only to read the directory'))
def reader_token(world, name):
    world.reader_headers = make_token(world.app, scopes=["read:directory"], name=name)[1]


@given(parsers.parse('the partner\'s case system has registered for "{event}" events'))
def registered(world, event):
    world.receiver = Receiver()
    _id, world.receiver.secret = register_endpoint(world.app.extensions["mad"], world.receiver.url, [event], "admin")


@when(parsers.parse('the records system asks for the crime-closed update for crime {reference} with key "{key}"'))
def ask(world, reference, key):
    assert _post(world, send_body(crime_reference=reference), key).status_code == 201


@when("the records system's request times out on its side, so it asks again with the same key")
def ask_again(world):
    _post(world, send_body(), world.answers[0].request.headers["Idempotency-Key"])


@when(parsers.parse('the records system asks for the update in Welsh with the same key "{key}"'))
def ask_in_welsh(world, key):
    _post(world, send_body(locale="cy"), key)


@when(parsers.parse('the records system asks for the crime-closed update with the crime reference "{reference}" '
                    'and no officer name'))
def ask_wrongly(world, reference):
    _post(world, send_body(crime_reference=reference, fields={"reason": "no_suspect"}))


@when("that token is used to ask for the crime-closed update")
def ask_without_scope(world):
    _post(world, send_body(), headers=world.reader_headers)


@then("both answers name the same message")
def same_message(world):
    first, second = world.answers
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]


@then(parsers.parse("the victim receives exactly one text saying the investigation of {reference} is closed"))
def one_text(world, reference):
    captures = _wait_for(lambda: _captures(world))
    time.sleep(0.5)  # anything sent twice would have arrived by now
    captures = _captures(world)
    assert len(captures) == 1
    assert captures[0].recipient == "+447700900123" and reference in captures[0].body


@then("the records system reads the message's status as sent or delivered")
def status(world):
    message_id = world.answers[0].json()["id"]
    answer = _wait_for(lambda: (a := requests.get(f"{world.url}/api/v1/messages/{message_id}", headers=world.headers,
                                                  timeout=10).json())["status"] in ("sent", "delivered") and a)
    assert answer["id"] == message_id


@then(parsers.parse('the crime\'s chronology, read through the API, shows the text sent by "{author}"'))
def chronology(world, author):
    items = requests.get(f"{world.url}/api/v1/crimes/06/123456/26/chronology", headers=world.headers,
                         timeout=10).json()["items"]
    assert [(e["entry_type"], e["author"]) for e in items] == [("message_sent", author)]


@then(parsers.parse('the case system receives a "{event}" event for that message, signed with its secret'))
def event_received(world, event):
    message_id = world.answers[-1].json()["id"]
    _wait_for(lambda: world.receiver.received)
    headers, payload, verified = world.receiver.received[0]
    assert verified and payload["type"] == event and payload["data"]["message_id"] == message_id


@then("the event names the crime but not the victim's number")
def event_without_number(world):
    _headers, payload, _verified = world.receiver.received[0]
    assert payload["data"]["crime_reference"] == "06/123456/26"
    assert "900123" not in str(payload)


@then("the second answer is a conflict saying the key was used with a different request")
def conflict(world):
    assert world.answers[1].status_code == 409
    assert "used before with a different request body" in world.answers[1].json()["detail"]


@then(parsers.parse('the answer names "{field}" and says "{words}"'))
def names_field_saying(world, field, words):
    errors = {e["field"]: e["detail"] for e in world.answers[-1].json()["errors"]}
    assert errors[field] == words


@then(parsers.parse('the answer names "{field}"'))
def names_field(world, field):
    assert field in {e["field"] for e in world.answers[-1].json()["errors"]}


@then("nothing is sent to the victim")
def nothing_sent(world):
    time.sleep(0.3)
    assert _captures(world) == []


@then(parsers.parse('it is refused because it lacks the scope "{scope}"'))
def refused(world, scope):
    assert world.answers[-1].status_code == 403
    assert f"needs the scope '{scope}'" in world.answers[-1].json()["detail"]


@when(parsers.parse('an admin makes a token on the API tokens page for "{name}" allowed to {scope}'))
def make_token_on_the_page(world, name, scope):
    world.admin, _ = world.signed_in(world.app, role="admin")
    page = world.admin.get("/admin/api/tokens").get_data(as_text=True)
    world.made_page = world.admin.post("/admin/api/tokens", data={"name": name, "scopes": [scope],
                                                                   "csrf_token": csrf_from(page)})


@then("the page shows the token once, and the records system can call the API with it")
def token_shown_once(world):
    html = world.made_page.get_data(as_text=True)
    assert world.made_page.status_code == 200 and "shown only this once" in html
    world.secret = html.split("data-token-secret>")[1].split("<")[0]
    world.headers = {"Authorization": f"Bearer {world.secret}"}
    assert _post(world, send_body(), "made-on-the-page").status_code == 201


@then("the API tokens page never shows the token again")
def token_not_shown_again(world):
    assert world.secret not in world.admin.get("/admin/api/tokens").get_data(as_text=True)


@when("the records system reads the API's contract at /api/v1/openapi.json")
def read_contract(world):
    world.contract = requests.get(f"{world.url}/api/v1/openapi.json", timeout=10)


@then(parsers.parse('the contract is OpenAPI 3.1 and says how to send an update with an "{header}"'))
def contract_describes_sending(world, header):
    assert world.contract.status_code == 200
    spec = world.contract.json()
    assert spec["openapi"].startswith("3.1")
    send = spec["paths"]["/api/v1/messages"]["post"]
    assert header in [p["name"] for p in send.get("parameters", []) if p.get("in") == "header"]


@when(parsers.parse('the developer runs "mad plugin new {name}" and installs the package it writes'))
def scaffold(world, name, tmp_path_factory):
    world.package, result, world.install, world.plugin_tests = scaffold_and_test_plugin(
        name, tmp_path_factory.mktemp("kit"))
    assert result.exit_code == 0, result.output
    assert world.install.returncode == 0, world.install.stderr


@then("the package's own tests pass as generated")
def scaffold_tests_pass(world):
    assert world.plugin_tests.returncode == 0, world.plugin_tests.stdout + world.plugin_tests.stderr
    assert "3 passed" in world.plugin_tests.stdout
