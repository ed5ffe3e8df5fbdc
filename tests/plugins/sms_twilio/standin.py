"""A local HTTP server speaking Twilio's Messages REST API, for the unmodified twilio client.

Implements what the toolkit uses: ``POST /2010-04-01/Accounts/{sid}/Messages.json`` (create),
``GET …/Messages.json`` (list, newest first, filtered by To/From) and ``GET …/Messages/{sid}.json``
(fetch), with HTTP basic auth. ``script`` makes the next creates misbehave:

- ``"429"``, ``"503"``: refuse without creating (as Twilio does when busy);
- ``"500"``: refuse without creating; ``"500-after-create"``: create, then answer 500;
- ``"hang-after-create"``: create, then answer only after ``hang_seconds`` (the client times out);
- ``"drop-after-create"``: create, then close the connection without answering;
- ``(status, code)``: a Twilio error answer, e.g. ``(400, 21211)``.

It also plays Twilio's side of an incoming text: :meth:`inbound` builds the webhook Twilio posts
when a victim texts the force (the fields and the ``X-Twilio-Signature`` computed with the
account's auth token exactly as Twilio computes it) and :meth:`post_inbound` posts it, to a Flask
test client or over HTTP to a running server.
"""

import base64
import json
import re
import secrets
import threading
import time
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import Request, urlopen

from twilio.request_validator import RequestValidator

API = re.compile(r"^/2010-04-01/Accounts/(?P<account>AC[0-9a-f]{32})/Messages(?:/(?P<sid>SM[0-9a-f]{32}))?\.json$")


class TwilioStandIn:
    """Start with :meth:`start`, stop with :meth:`stop`; ``messages`` holds every created text."""

    def __init__(self, account_sid, auth_token, hang_seconds=1.0):
        self.account_sid, self.auth_token = account_sid, auth_token
        self.hang_seconds = hang_seconds
        self.messages = []
        self.script = []
        self.requests = 0
        self.lock = threading.Lock()
        self.server = None

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        standin = self

        class Handler(StandInHandler):
            owner = standin

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def bodies_to(self, number):
        with self.lock:
            return [m["body"] for m in self.messages if m["to"] == number]

    def inbound(self, url, sender, body, to="+447700900000", sid=None, num_segments=1):
        """The form fields and headers Twilio posts to webhook ``url`` for a text from ``sender``."""
        sid = sid or "SM" + secrets.token_hex(16)
        fields = {"ToCountry": "GB", "SmsMessageSid": sid, "NumMedia": "0", "SmsSid": sid, "SmsStatus": "received",
                  "Body": body, "To": to, "NumSegments": str(num_segments), "MessageSid": sid,
                  "AccountSid": self.account_sid, "From": sender, "ApiVersion": "2010-04-01",
                  "MessagingServiceSid": "MG" + "fedcba9876543210" * 2, "FromCountry": "GB"}
        signature = RequestValidator(self.auth_token).compute_signature(url, fields)
        return fields, {"X-Twilio-Signature": signature}

    def post_inbound(self, target, url, sender, body, **kwargs):
        """Post the signed inbound webhook for ``url``: through ``target`` (a Flask test client, which
        gets the path) or, when ``target`` is a base address, over HTTP; return ``(status, text)``."""
        fields, headers = self.inbound(url, sender, body, **kwargs)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if isinstance(target, str):
            request = Request(target.rstrip("/") + path, data=urlencode(fields).encode(), headers=headers)
            try:
                with urlopen(request, timeout=10) as answer:
                    return answer.status, answer.read().decode()
            except HTTPError as exc:
                return exc.code, exc.read().decode()
        answer = target.post(path, data=fields, headers=headers)
        return answer.status_code, answer.get_data(as_text=True)

    def create(self, form):
        now = datetime.now(timezone.utc)
        sid = "SM" + secrets.token_hex(16)
        record = {
            "sid": sid, "account_sid": self.account_sid, "api_version": "2010-04-01", "direction": "outbound-api",
            "to": form.get("To"), "from": form.get("From"), "messaging_service_sid": form.get("MessagingServiceSid"),
            "body": form.get("Body"), "status": "queued", "num_segments": "1", "num_media": "0",
            "date_created": format_datetime(now, usegmt=True), "date_updated": format_datetime(now, usegmt=True),
            "date_sent": None, "price": None, "price_unit": "GBP", "error_code": None, "error_message": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json", "subresource_uris": {},
        }
        with self.lock:
            self.messages.append({**record, "status_callback": form.get("StatusCallback")})
        return record


def public(record):
    return {k: v for k, v in record.items() if k != "status_callback"}


class StandInHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else keep-alive answers stall ~40 ms (Nagle + delayed ACK)
    owner = None

    def log_message(self, *args):
        pass

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status, code, message):
        self._answer(status, {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
                              "status": status})

    def _route(self):
        owner = self.owner
        expected = base64.b64encode(f"{owner.account_sid}:{owner.auth_token}".encode()).decode()
        match = API.match(urlsplit(self.path).path)
        if self.headers.get("Authorization") != f"Basic {expected}":
            self._error(401, 20003, "Authenticate")
            return None
        if match is None or match["account"] != owner.account_sid:
            self._error(404, 20404, "The requested resource was not found")
            return None
        return match

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        match = self._route()
        if match is None:
            return
        owner = self.owner
        with owner.lock:
            owner.requests += 1
            action = owner.script.pop(0) if owner.script else None
        if action in ("429", "503", "500"):
            self._error(int(action), 20429 if action == "429" else 20500, "Scripted refusal")
            return
        if isinstance(action, tuple):
            self._error(action[0], action[1], "Scripted error")
            return
        if not form.get("To") or not form.get("Body"):
            self._error(400, 21604, "A 'To' phone number and a 'Body' are required")
            return
        record = owner.create(form)
        if action == "500-after-create":
            self._error(500, 20500, "Internal error")
        elif action == "drop-after-create":
            self.close_connection = True
            self.connection.shutdown(2)
        elif action == "hang-after-create":
            time.sleep(owner.hang_seconds)
            try:
                self._answer(201, record)
            except OSError:
                pass
        else:
            self._answer(201, record)

    def do_GET(self):
        match = self._route()
        if match is None:
            return
        owner = self.owner
        with owner.lock:
            messages = [public(m) for m in owner.messages]
        if match["sid"]:
            found = next((m for m in messages if m["sid"] == match["sid"]), None)
            if found is None:
                self._error(404, 20404, "The requested resource was not found")
            else:
                self._answer(200, found)
            return
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        chosen = [m for m in reversed(messages) if m["to"] == query.get("To", m["to"])
                  and m["from"] == query.get("From", m["from"])]
        size = int(query.get("PageSize", 50))
        uri = urlsplit(self.path).path
        self._answer(200, {"messages": chosen[:size], "end": min(size, len(chosen)) - 1, "start": 0, "page": 0,
                           "page_size": size, "first_page_uri": uri, "next_page_uri": None,
                           "previous_page_uri": None, "uri": self.path})
