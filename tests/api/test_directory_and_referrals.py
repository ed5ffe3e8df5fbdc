"""Services as an HSDS 3.0 feed, and referrals read by partners."""

from types import SimpleNamespace

from core.directory.demo import load_demo_services
from core.referrals import service as referrals
from tests.factories import make_token
from tests.referrals.factories import encompass_payload, with_demo_schools
from tests.web.test_directory_pages import DISTRICTS


def test_services_are_searched_and_answered_in_the_hsds_shape(make_mad_app):
    app = make_mad_app(districts=DISTRICTS)
    with app.extensions["mad"].session() as session:
        total = load_demo_services(session, DISTRICTS)
    client = app.test_client()
    _made, headers = make_token(app, scopes=["read:directory"])
    everything = client.get("/api/v1/services?limit=200", headers=headers).json
    assert everything["total_items"] == total and everything["next_cursor"] is None
    first = everything["contents"][0]
    assert {"id", "name", "organization", "phones"} <= set(first)
    found = client.get("/api/v1/services?q=domestic abuse", headers=headers).json
    assert found["contents"] and all("id" in s for s in found["contents"])
    paged = client.get("/api/v1/services?limit=2", headers=headers).json
    assert len(paged["contents"]) == 2 and paged["next_cursor"]
    service_id = first["id"]
    one = client.get(f"/api/v1/services/database/{service_id}", headers=headers)
    assert one.status_code == 200 and one.json["name"] == first["name"]
    assert client.get("/api/v1/services/database/no-such-service", headers=headers).status_code == 404


def test_a_referral_is_read_with_each_recipients_delivery_status(make_mad_app):
    app = with_demo_schools(make_mad_app(enabled=["referral_encompass"]))
    mad = app.extensions["mad"]
    prepared = referrals.prepare(mad, "encompass", encompass_payload())
    referral_id, _created = referrals.make(mad, prepared, SimpleNamespace(id=None, display_name="PC 1234 Jones"))
    client = app.test_client()
    _made, headers = make_token(app, scopes=["read:referrals"])
    listed = client.get("/api/v1/crimes/06/123456/26/referrals", headers=headers).json["items"]
    assert [r["id"] for r in listed] == [referral_id]
    one = client.get(f"/api/v1/referrals/{referral_id}", headers=headers).json
    assert one["type_name"] == "encompass" and one["crime_reference"] == "06/123456/26"
    assert one["notifications"][0]["recipient_name"] == "Ashby Primary School"
    assert one["notifications"][0]["status"] == "queued"
    assert "Amira" not in str(one)
