"""The simulator's HTTP face: WSDL, SOAP endpoint and a small control endpoint, on loopback.

Routes (all under the simulator's own address):

- ``GET /policeworks?wsdl``: the shipped WSDL, its address pointing at this simulator.
- ``POST /policeworks``: the SOAP endpoint (LookupCrime, LookupVictims, AddChronologyEntry).
- ``GET /control``: mode, delay, entries and calls so far, as JSON.
- ``POST /control``: JSON ``{"mode": "fault", "delay": 2.5, "count": 3}`` changes how SOAP calls
  are answered (``count``: for that many calls, then back to ``ok``); ``{"reset": true}`` also
  forgets every entry.
- ``GET /entries`` (optionally ``?crime_reference=06/123456/26``): the chronology as JSON.
"""

import json
import threading
import time
from dataclasses import asdict
from functools import cache
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from core.toolkit import is_loopback_host
from plugins.records_policeworks.contract import shipped_wsdl_path
from plugins.records_policeworks.simulator import soap
from plugins.records_policeworks.simulator.store import DEMO_CRIMES, ENTRY_TYPES, Modes, RecordsStore

SOAP_PATH = "/policeworks"
MAX_BODY = 1024 * 1024
XML = "text/xml; charset=utf-8"


@cache
def shipped_wsdl():
    """The WSDL text shipped with the plugin (read once: it is served on every ``?wsdl``)."""
    return Path(shipped_wsdl_path()).read_text("utf-8")


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


class SimulatorApp:
    """The WSGI application: routes requests to the WSDL, SOAP and control handlers."""

    def __init__(self, store, username, password, base_url=None):
        self.store = store
        self.username = username
        self.password = password
        self.base_url = base_url

    def __call__(self, environ, start_response):
        path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
        try:
            if path == SOAP_PATH and method == "GET":
                status, body, kind = "200 OK", self._wsdl(), XML
            elif path == SOAP_PATH and method == "POST":
                status, body, kind = self._soap(_read_body(environ))
            elif path == "/control" and method in ("GET", "POST"):
                status, body, kind = self._control(environ, method)
            elif path == "/entries" and method == "GET":
                reference = parse_qs(environ.get("QUERY_STRING", "")).get("crime_reference", [None])[0]
                entries = [asdict(e) for e in self.store.chronology(reference)]
                status, body, kind = "200 OK", json.dumps(entries).encode(), "application/json"
            else:
                status, body, kind = "404 Not Found", b"Not found", "text/plain"
        except ValueError as exc:
            status, body, kind = "400 Bad Request", str(exc).encode(), "text/plain"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [body]

    def _wsdl(self):
        text = shipped_wsdl()
        if self.base_url:
            text = text.replace("http://127.0.0.1:8099/policeworks", self.base_url + SOAP_PATH)
        return text.encode("utf-8")

    def _control(self, environ, method):
        if method == "POST":
            try:
                wanted = json.loads(_read_body(environ) or b"{}")
            except json.JSONDecodeError as exc:
                raise ValueError(f"The control request is not JSON: {exc}") from None
            if wanted.get("reset"):
                self.store.forget_entries()
            if "mode" in wanted:
                self.store.set_mode(wanted["mode"], wanted.get("delay"), wanted.get("count"))
        return "200 OK", json.dumps(self.store.state()).encode(), "application/json"

    def _soap(self, body):
        try:
            operation, children, envelope = soap.parse_request(body)
        except soap.SoapRequestError as exc:
            return _fault("soap:Client", str(exc))
        if not soap.credentials_ok(envelope, self.username, self.password):
            return _fault("wsse:FailedAuthentication", "The security token could not be authenticated")
        mode, delay = self.store.next_mode(operation)
        if mode == Modes.TIMEOUT:
            time.sleep(delay)
            return "504 Gateway Timeout", b"PoliceWorks did not answer in time", "text/plain"
        if mode == Modes.FAULT:
            return _fault("soap:Server", "PoliceWorks is unavailable: try again later")
        if mode == Modes.HTTP_500:
            return "500 Internal Server Error", b"<html><body>Internal Server Error</body></html>", "text/html"
        if mode == Modes.GARBAGE:
            return "200 OK", b"this is not XML at all", XML
        if mode == Modes.ECHO:
            echoed = soap.text_of(children, "Text", required=False) or ""
            return _fault("soap:Server", f"Could not store: {echoed}")
        try:
            answer = self._operation(operation, children, malformed=(mode == Modes.MALFORMED))
        except soap.SoapRequestError as exc:
            return _fault("soap:Client", str(exc), "InvalidEntry", {"Reason": str(exc)})
        if mode == Modes.SLOW:
            time.sleep(delay)
        return answer

    def _operation(self, operation, children, malformed):
        if operation == "LookupCrime":
            reference = soap.text_of(children, "CrimeReference")
            crime = self.store.lookup(reference)
            values = {"Exists": "true" if crime else "false", "CrimeReference": reference,
                      "Status": crime.status if crime else None,
                      "OfficerInCharge": crime.officer_in_charge if crime else None}
            if malformed:  # well-formed, but without the elements the WSDL requires
                values = {}
            return "200 OK", soap.response(operation, values), XML
        if operation == "LookupVictims":
            reference = soap.text_of(children, "CrimeReference")
            if self.store.lookup(reference) is None:
                return _fault("soap:Client", f"No crime has the reference {reference}", "CrimeNotFound",
                              {"CrimeReference": reference})
            if malformed:
                return "200 OK", soap.response(operation, {}), XML
            return "200 OK", soap.response_with_list(operation, {"CrimeReference": reference}, "Victim",
                                                     self.store.victims_of(reference)), XML
        if operation == "AddChronologyEntry":
            reference = soap.text_of(children, "CrimeReference")
            if self.store.lookup(reference) is None:
                return _fault("soap:Client", f"No crime has the reference {reference}", "CrimeNotFound",
                              {"CrimeReference": reference})
            values = {name: soap.text_of(children, element) for name, element in (
                ("entry_id", "EntryId"), ("entry_type", "EntryType"), ("text", "Text"), ("author", "Author"),
                ("occurred_at", "OccurredAt"))}
            if not values["entry_id"] or not values["text"].strip():
                raise soap.SoapRequestError("EntryId and Text must not be empty")
            if values["entry_type"] not in ENTRY_TYPES:
                raise soap.SoapRequestError(f"EntryType must be one of {', '.join(ENTRY_TYPES)}")
            step = soap.care_log_step_of(children)
            if step is not None and step.get("Answer") not in ("yes", "no", "not_applicable"):
                raise soap.SoapRequestError("CareLogStep Answer must be yes, no or not_applicable")
            stored, duplicate = self.store.add(
                crime_reference=reference, english_text=soap.text_of(children, "EnglishText", required=False),
                details=soap.details_of(children), care_log_step=step, **values)
            if malformed:
                return "200 OK", soap.response(operation, {"RecordsId": ""}), XML
            return "200 OK", soap.response(operation, {"RecordsId": stored.records_id,
                                                       "Duplicate": "true" if duplicate else "false"}), XML
        raise soap.SoapRequestError(f"Unknown operation {operation}")


def _fault(code, message, detail_name=None, detail_values=None):
    return "500 Internal Server Error", soap.fault(code, message, detail_name, detail_values), XML


def _read_body(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length > MAX_BODY:
        raise ValueError("The request is too large")
    return environ["wsgi.input"].read(length) if length else b""


def require_loopback(host):
    """Refuse to listen anywhere but loopback: the simulator is for this machine only."""
    if not is_loopback_host(host):
        raise ValueError(f"The simulator listens on loopback only (127.0.0.1, ::1 or localhost), not {host!r}")


class Simulator:
    """A running simulator: ``start()`` in a background thread (tests) or ``serve_forever()`` (CLI)."""

    def __init__(self, host="127.0.0.1", port=0, username="mad-toolkit", password="simulator-password",
                 crimes=DEMO_CRIMES, verbose=False, victims=None):
        require_loopback(host)
        self.store = RecordsStore(crimes, victims)
        self.app = SimulatorApp(self.store, username, password)
        self._server = make_server(host, port, self.app, server_class=_ThreadingServer, handler_class=_QuietHandler)
        self._server.verbose = verbose
        self.host, self.port = host, self._server.server_address[1]
        self.app.base_url = self.url
        self._thread = None

    @property
    def url(self):
        """The simulator's base address, e.g. ``http://127.0.0.1:8099``."""
        return f"http://{self.host}:{self.port}"

    @property
    def endpoint(self):
        """The SOAP endpoint to put in ``[plugins.records_policeworks] endpoint``."""
        return self.url + SOAP_PATH

    @property
    def wsdl_url(self):
        return self.endpoint + "?wsdl"

    def set_mode(self, mode, delay=None, count=None):
        """Change how SOAP calls are answered (see :class:`Modes`)."""
        self.store.set_mode(mode, delay, count)

    def entries(self, reference=None):
        """The chronology entries stored so far (for one crime, or all)."""
        return self.store.chronology(reference)

    def start(self):
        """Serve in a background thread; returns self."""
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="records-simulator", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        """Serve until interrupted (``mad records-simulator``)."""
        try:
            self._server.serve_forever(poll_interval=0.2)
        finally:
            self._server.server_close()

    def stop(self):
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
