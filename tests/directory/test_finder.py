"""The finder merges every provider's answers, keeps one copy of each service, and survives an outage."""

from core import hookimpl
from core.directory.finder import find, get_service, parse_key
from core.toolkit import IndexedProvider, ServiceRecord


class ListProvider(IndexedProvider):
    """A provider over a fixed list of services (what a force's plugin might ship)."""

    def __init__(self, name, records):
        super().__init__()
        self.name, self.title, self.records = name, name.title(), records

    def all(self):
        return list(self.records)

    def get(self, service_id):
        return next((r for r in self.records if r.id == service_id), None)


class BrokenProvider(IndexedProvider):
    name, title = "broken_feed", "County feed"

    def all(self):
        raise OSError("connection refused")

    def get(self, service_id):
        raise OSError("connection refused")


class Plugin:
    name = "county"

    def __init__(self, *providers):
        self.providers = providers

    @hookimpl
    def register_directory_providers(self, mad):
        return list(self.providers)


def record(provider, id, name, phone, hsds_id=None, needs=("fraud_scams",)):
    return ServiceRecord(provider=provider, id=id, name=name, phone=phone, hsds_id=hsds_id, needs=needs)


def test_register_directory_providers_the_same_service_from_two_providers_is_listed_once(make_mad_app):
    county = ListProvider("county", [
        record("county", "c1", "Scam Aware", "0161 496 0500"),
        record("county", "c2", "Fraud Helpline", "0161 496 0501", hsds_id="shared-1"),
        record("county", "c3", "Cyber Desk", "0161 496 0502"),
    ])
    city = ListProvider("city", [
        record("city", "x9", "Scam aware.", "0161-496-0500"),  # same name and phone, written differently
        record("city", "x8", "Fraud Help Line (city)", "0161 496 0999", hsds_id="shared-1"),  # same HSDS id
        record("city", "x7", "Scam Aware", "0161 496 0777"),  # same name, another phone: another service
    ])
    mad = make_mad_app(plugins=[Plugin(county, city)]).extensions["mad"]
    found = find(mad, need="fraud_scams")
    assert sorted((r.provider, r.id) for r, _ in found.results) == [
        ("city", "x7"), ("county", "c1"), ("county", "c2"), ("county", "c3")]
    assert found.unavailable == []


def test_a_provider_that_fails_is_named_and_the_others_still_answer(make_mad_app):
    county = ListProvider("county", [record("county", "c1", "Scam Aware", "0161 496 0500")])
    mad = make_mad_app(plugins=[Plugin(BrokenProvider(), county)]).extensions["mad"]
    found = find(mad, "scam")
    assert [r.name for r, _ in found.results] == ["Scam Aware"]
    assert found.unavailable == ["County feed"]
    assert get_service(mad, "broken_feed", "c1") is None
    assert get_service(mad, "county", "c1").name == "Scam Aware"
    assert get_service(mad, "nobody", "c1") is None


def test_service_keys():
    assert parse_key("database/abc") == ("database", "abc")
    assert parse_key("nonsense") == (None, None)
    assert parse_key("/abc") == (None, None)
