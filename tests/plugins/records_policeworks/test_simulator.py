"""The simulator: its control endpoint, loopback only, and ``mad records-simulator`` as an officer's IT team runs it."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from plugins.records_policeworks.simulator import Simulator


def test_the_control_endpoint_switches_modes_and_reports_entries(simulator):
    control = simulator.url + "/control"
    assert requests.post(control, json={"mode": "timeout", "delay": 0.5, "count": 2}).json()["mode"] == "timeout"
    assert requests.post(control, json={"mode": "sideways"}).status_code == 400
    assert requests.post(control, json={"mode": "ok", "reset": True}).json() == {
        "mode": "ok", "delay": 0.5, "remaining": None, "entries": 0, "calls": {"LookupCrime": 0,
                                                                              "AddChronologyEntry": 0}}


def test_the_wsdl_served_points_at_the_simulator(simulator):
    text = requests.get(simulator.wsdl_url).text
    assert f'location="{simulator.endpoint}"' in text and "AddChronologyEntry" in text


def test_it_refuses_to_listen_beyond_loopback():
    with pytest.raises(ValueError, match="loopback only"):
        Simulator(host="0.0.0.0")


def test_requests_without_a_security_token_are_refused(simulator):
    body = (b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
            b'<LookupCrime xmlns="urn:policeworks:records:v1"><CrimeReference>06/123456/26</CrimeReference>'
            b'</LookupCrime></soap:Body></soap:Envelope>')
    answer = requests.post(simulator.endpoint, data=body, headers={"Content-Type": "text/xml"})
    assert answer.status_code == 500 and b"FailedAuthentication" in answer.content
    assert simulator.store.calls["LookupCrime"] == 0


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mad_records_simulator_serves_until_stopped():
    port = _free_port()
    mad = os.path.join(os.path.dirname(sys.executable), "mad")
    process = subprocess.Popen([mad, "records-simulator", "--port", str(port), "--mode", "fault"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                state = requests.get(f"http://127.0.0.1:{port}/control", timeout=1).json()
                break
            except requests.ConnectionError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
                time.sleep(0.1)
        assert state["mode"] == "fault"
    finally:
        process.send_signal(signal.SIGINT)
        out, _err = process.communicate(timeout=10)
    assert f"PoliceWorks simulator on http://127.0.0.1:{port}/policeworks" in out
    assert "06/123456/26 (Under investigation)" in out
