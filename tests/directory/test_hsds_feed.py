"""The HSDS feed provider: reads every page of a real HTTP ``/services`` endpoint on loopback,
validates the answer, merges with the force's own directory, and survives the feed going down."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from core.directory.finder import find, get_service
from core.plugins import PluginError

FIXTURES = Path(__file__).parent / "fixtures"


def page(number, total, services):
    return {"total_items": 3, "total_pages": total, "page_number": number, "size": len(services),
            "first_page": number == 1, "last_page": number == total, "empty": not services, "contents": services}


PAGES = {
    1: page(1, 2, [json.loads((FIXTURES / "hsds_service.json").read_text()),
                   {"id": "feed-bad", "name": "Broken Phone", "status": "active", "phones": [{"id": "p", "number": "ring us"}]}]),
    2: page(2, 2, [{"id": "feed-2", "name": "Quayside Fraud Line", "status": "active", "description": "Scam advice.",
                    "phones": [{"id": "p", "number": "0161 496 0720"}], "service_areas": [{"id": "a", "name": "Southmere"}],
                    "attributes": [{"id": "x", "taxonomy_term": {"id": "t", "code": "fraud_scams", "name": "Fraud and scams",
                                                                 "description": "", "taxonomy": "mad-needs"}}]},
                   {"id": "feed-closed", "name": "Closed Scam Desk", "status": "defunct", "description": "Scam advice."}]),
}


class Feed:
    """A real HTTP server standing in for an Open Referral UK feed."""

    def __init__(self):
        self.requests, self.down = [], False
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                feed.requests.append(self.path)
                if feed.down:
                    self.send_error(503)
                    return
                number = int(parse_qs(urlsplit(self.path).query).get("page", ["1"])[0])
                body = json.dumps(PAGES.get(number, page(number, 2, []))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/services"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def feed():
    with Feed() as running:
        yield running


def feed_settings(url, **extra):
    return {"directory_hsds": {"feeds": [{"name": "county_oruk", "title": "County ORUK", "url": url, **extra}]}}


def test_every_page_is_read_and_bad_or_closed_services_are_left_out(make_mad_app, feed):
    mad = make_mad_app(settings=feed_settings(feed.url)).extensions["mad"]
    provider = mad.directory_providers["county_oruk"]
    assert sorted(r.id for r in provider.all()) == ["9a0c3c52-3f7e-4b7e-9d55-0d1f6a7f2a01", "feed-2"]
    assert [urlsplit(p).query for p in feed.requests] == ["page=1", "page=2"]
    found = find(mad, "scam", district="Southmere")
    assert [(r.provider, r.name) for r, _ in found.results] == [("county_oruk", "Quayside Fraud Line")]
    assert get_service(mad, "county_oruk", "feed-2").phone == "0161 496 0720"


def test_a_feed_that_goes_down_keeps_its_last_good_copy(make_mad_app, feed):
    mad = make_mad_app(settings=feed_settings(feed.url, refresh_seconds=10)).extensions["mad"]
    provider = mad.directory_providers["county_oruk"]
    assert len(provider.all()) == 2
    feed.down = True
    provider._loaded_at -= 60  # the refresh is due
    assert len(provider.all()) == 2
    assert find(mad, "scam").unavailable == []


def test_a_feed_that_was_never_reached_is_named_to_the_officer(make_mad_app, feed):
    feed.down = True
    mad = make_mad_app(settings=feed_settings(feed.url)).extensions["mad"]
    found = find(mad, "scam")
    assert found.results == [] and found.unavailable == ["County ORUK"]


def test_a_feed_can_be_a_file_and_duplicates_of_the_forces_own_services_show_once(make_mad_app, tmp_path):
    from core.directory.importing import import_services

    path = tmp_path / "feed.json"
    path.write_text((FIXTURES / "hsds_service.json").read_text())
    mad = make_mad_app(settings={"directory_hsds": {"feeds": [{"name": "file_feed", "path": str(path)}]}}
                       ).extensions["mad"]
    import_services(mad, FIXTURES / "hsds_service.json", "Sam VSC")  # the same HSDS id in the database
    found = find(mad, "stalking")
    assert [(r.provider, r.name) for r, _ in found.results] == [("file_feed", "Harbourside Advocacy")]


@pytest.mark.parametrize("feeds, problem", [
    ([{"name": "x y", "url": "http://127.0.0.1/services"}], "lower-case letters"),
    ([{"name": "both", "url": "http://127.0.0.1/services", "path": "/tmp/f.json"}], "either url"),
    ([{"name": "neither"}], "either url"),
    ([{"name": "database", "path": "/tmp/f.json"}], "built-in directory's name"),
    ([{"name": "a1", "path": "f"}, {"name": "a1", "path": "g"}], "its own name"),
    ([{"name": "slow", "url": "ftp://127.0.0.1/services"}], "directory_hsds"),
])
def test_bad_feed_settings_stop_start_up_saying_what_to_fix(make_mad_app, feeds, problem):
    with pytest.raises(PluginError) as failed:
        make_mad_app(settings={"directory_hsds": {"feeds": feeds}})
    assert problem in str(failed.value) and "directory_hsds" in str(failed.value)


def test_a_feed_service_of_the_wrong_shape_is_left_out_and_the_rest_still_shown(make_mad_app, tmp_path):
    path = tmp_path / "feed.json"
    good = json.loads((FIXTURES / "hsds_service.json").read_text())
    path.write_text(json.dumps([good, {"id": "odd", "name": "Odd Stalking Line", "attributes": {"a": 1}},
                                {"id": "odd-2", "name": "Odd Areas", "service_areas": [7]}]))
    mad = make_mad_app(settings={"directory_hsds": {"feeds": [{"name": "file_feed", "path": str(path)}]}}
                       ).extensions["mad"]
    found = find(mad, "stalking")
    assert found.unavailable == []
    assert [(r.provider, r.id) for r, _ in found.results] == [("file_feed", good["id"])]
