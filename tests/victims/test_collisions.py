"""Road traffic collisions: the same care log, a collision reference, the Roads Policing leaflet."""

from datetime import date

from sqlalchemy import select

from core.models import AuditChronologyEntry
from core.victims.service import save_care_log
from core.victims.support import needs_found
from tests.victims.test_pages import post_form


def test_an_affected_witness_of_a_collision_gets_the_roads_policing_leaflet(app, mad, signed_in):
    client, officer = signed_in(app)
    form = client.get("/victims/new?reference=RTC/2026/0042&kind=collision").get_data(as_text=True)
    assert "Record a victim or witness of a collision" in form and "Collision reference" in form
    response = post_form(client, "/victims/new", {
        "crime_reference": "RTC/2026/0042", "reference_kind": "collision", "person_kind": "witness",
        "name": "Lee Walker", "phone": "07700 900321", "locale": "en", "crime_type": "collision",
        "oic_name": officer.display_name})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Roads Policing collision leaflet given" in page and "Road traffic collision RTC/2026/0042" in page
    victim_id = response.headers["Location"].split("/")[2]
    save_care_log(mad, victim_id, {"written_confirmation": "yes", "written_confirmation_format": "paper"}, officer,
                  today=date(2026, 12, 2))
    mad.dispatcher.drain()
    with mad.session() as session:
        [text] = session.scalars(select(AuditChronologyEntry.text)
                                 .where(AuditChronologyEntry.crime_reference == "RTC/2026/0042")).all()
        from core.victims.service import get_victim

        victim = get_victim(session, victim_id)
        assert needs_found(victim, mad.config.care_log["vna_questions"]) == ["road_traffic_collisions"]
    assert text == ("Victim care log, Affected witness L. W.: Roads Policing collision leaflet given \u2013 Yes "
                    "(format: Paper leaflet).")
