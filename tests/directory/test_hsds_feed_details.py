"""A feed whose ``/services`` list leaves out phones: each such service is completed from ``/services/{id}`` (cached)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.directory.finder import get_service

SUMMARY = {"id": "quay-1", "name": "Quayside Victim Support", "status": "active", "description": "Emotional support."}
DETAIL = dict(SUMMARY, phones=[{"id": "p1", "number": "0161 496 0777"}], email="help@example.org")


class SummaryFeed:
    """An HSDS feed on loopback: /services lists a summary, /services/quay-1 gives the whole service."""

    def __init__(self):
        self.paths, self.detail_down = [], False
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                feed.paths.append(self.path)
                if self.path.startswith("/hsds/services/quay-1"):
                    if feed.detail_down:
                        self.send_error(503)
                        return
                    body = DETAIL
                else:
                    body = {"total_items": 1, "total_pages": 1, "page_number": 1, "size": 1, "first_page": True,
                            "last_page": True, "empty": False, "contents": [SUMMARY]}
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hsds/services"


@pytest.fixture
def feed():
    found = SummaryFeed()
    yield found
    found.server.shutdown()
    found.server.server_close()


def _app(make_mad_app, feed, refresh_seconds=3600):
    return make_mad_app(settings={"directory_hsds": {"feeds": [
        {"name": "quayside", "url": feed.url, "refresh_seconds": refresh_seconds}]}})


def test_a_service_listed_without_a_phone_gets_it_from_its_own_answer(make_mad_app, feed):
    mad = _app(make_mad_app, feed).extensions["mad"]
    record = get_service(mad, "quayside", "quay-1")
    assert record.phone == "0161 496 0777" and record.email == "help@example.org"
    assert sum(p.startswith("/hsds/services/quay-1") for p in feed.paths) == 1


def test_details_are_cached_across_refreshes_within_the_refresh_time(make_mad_app, feed):
    mad = _app(make_mad_app, feed, refresh_seconds=3600).extensions["mad"]
    provider = mad.directory_providers["quayside"]
    provider.load()
    provider.load()
    assert sum(p.startswith("/hsds/services/quay-1") for p in feed.paths) == 1


def test_a_detail_that_cannot_be_read_leaves_the_summary(make_mad_app, feed):
    feed.detail_down = True
    mad = _app(make_mad_app, feed).extensions["mad"]
    record = get_service(mad, "quayside", "quay-1")
    assert record.name == "Quayside Victim Support" and record.phone == ""
