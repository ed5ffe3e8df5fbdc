"""Locust users for ``benchmarks/load.py`` (run there as ``locust --headless -f benchmarks/load_officers.py``).

- ``Officer``: signs in once (the form's CSRF token fetched like a browser), then over and over
  searches the directory, opens a service, composes, previews and sends a signposting update
  (email or text), thinking 5-15 s (10 s on average) before each step.
- ``HealthProbe``: five users asking ``/healthz`` once a second: the baseline beside the officers.

Settings come from the environment ``benchmarks/load.py`` sets: ``MAD_LOAD_PASSWORD`` (every
officer's password), ``MAD_LOAD_RESULTS`` (where every request's time and every send go, as JSON,
when Locust quits).
"""

import itertools
import json
import os
import sys
from pathlib import Path

from locust import HttpUser, between, constant_pacing, events, task  # first: it patches sockets for gevent
from requests import RequestException

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.procfile_stack import OfficerJourney  # noqa: E402

REQUESTS = []  # (name, response time in ms, failed)
SENDS = []  # (message id, time.time() before Send was posted, kind)
JOURNEY_ERRORS = []  # [what went wrong, whether Locust already counted it as a failed request]
_officers = itertools.count(1)
_updates = itertools.count(1)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **_kwargs):
    REQUESTS.append((name, response_time, exception is not None))


@events.quitting.add_listener
def _write(environment, **_kwargs):
    Path(os.environ["MAD_LOAD_RESULTS"]).write_text(json.dumps(
        {"requests": REQUESTS, "sends": SENDS, "journey_errors": JOURNEY_ERRORS}))


class Officer(HttpUser):
    """One officer on shift: one sign-in, then an update every five think times."""

    wait_time = between(5, 15)

    def on_start(self):
        self.number = next(_officers)
        self.kind = "email" if self.number % 2 else "sms"
        self.journey = OfficerJourney(self.client, self.host, named=True)
        self.signed_in = False
        self._sign_in()

    def _sign_in(self):
        try:
            self.journey.sign_in(f"officer{self.number:04d}@example.org", os.environ["MAD_LOAD_PASSWORD"])
            self.signed_in = True
        except Exception as exc:  # counted, and tried again on the next turn
            JOURNEY_ERRORS.append([f"sign in: {type(exc).__name__}: {str(exc)[:200]}",
                                   isinstance(exc, RequestException)])

    @task
    def update_a_victim(self):
        if not self.signed_in:
            self._sign_in()
            return
        try:
            message_id, sent_at = self.journey.send_update(next(_updates), kind=self.kind,
                                                           service_index=self.number, pause=self.wait)
        except Exception as exc:
            JOURNEY_ERRORS.append([f"update: {type(exc).__name__}: {str(exc)[:200]}",
                                   isinstance(exc, RequestException)])
            return
        SENDS.append((message_id, sent_at, self.kind))


class HealthProbe(HttpUser):
    """The baseline: ``/healthz`` once a second from each of five users, under the same load."""

    fixed_count = 5
    wait_time = constant_pacing(1.0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="healthz", timeout=30)
