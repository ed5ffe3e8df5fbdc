"""An officer records a victim, fills the care log on its page, and updates the victim in one press."""

import re

from sqlalchemy import select

from core.models import CareDuty, Victim
from core.testing import csrf_from
from tests.victims.conftest import VICTIM


def post_form(client, url, data):
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_officer_records_a_victim_and_completes_the_care_log(app, mad, signed_in):
    client, officer = signed_in(app)
    crime = client.get("/crimes/06/123456/26").get_data(as_text=True)
    assert "No victim is recorded on this crime yet." in crime and "/victims/new?reference=06/123456/26" in crime
    form = client.get("/victims/new?reference=06/123456/26").get_data(as_text=True)
    assert 'value="06/123456/26"' in form and f'value="{officer.display_name}"' in form
    response = post_form(client, "/victims/new", {**VICTIM, "reference_kind": "crime", "person_kind": "victim"})
    assert response.status_code == 302
    care_log_url = response.headers["Location"]
    assert care_log_url.endswith("/care-log")

    refused = post_form(client, care_log_url, {"vps_offered": "no"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "There is a problem" in page and 'href="#vps_offered_rationale"' in page
    assert "Victim Personal Statement offered: you answered no, so give the reason" in page

    saved = post_form(client, care_log_url, {"vps_offered": "no", "vps_offered_rationale": "Too upset today",
                                             "written_confirmation": "yes", "written_confirmation_format": "paper",
                                             "contact_plan": "yes", "plan_method": "sms",
                                             "plan_frequency": "every_n_working_days", "plan_every_days": "5",
                                             "plan_topics": ["arrest", "court"]})
    assert saved.status_code == 302
    victim_page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Care log saved" in victim_page
    assert "Reason: Too upset today" in victim_page
    assert "Text message, every 5 working days" in victim_page and "Court dates" in victim_page
    with mad.session() as session:
        victim = session.scalars(select(Victim)).one()
        assert victim.plan_topics == ["arrest", "court"]
        assert {d.duty: d.state for d in session.scalars(select(CareDuty))} == {
            "vps_offered": "no", "written_confirmation": "yes", "contact_plan": "yes"}
    crime = client.get("/crimes/06/123456/26").get_data(as_text=True)
    assert "Jo Bloggs" in crime and "Care log not complete" in crime
    assert "Victim care log, Victim J. B.: Victim Personal Statement offered" in crime


def test_update_and_signposting_open_with_the_victims_details_filled_in(app, mad, signed_in, make_victim):
    client, officer = signed_in(app)
    victim = make_victim(mad, officer, locale="cy")
    page = client.get(f"/updates/new/investigation_update?victim={victim.id}").get_data(as_text=True)
    assert 'value="06/123456/26"' in page and 'value="+447700900123"' in page
    assert re.search(r'<option value="cy"[^>]*selected', page)
    assert re.search(r'id="kind-sms"[^>]*checked', page)
    assert re.search(r'<option value="enquiries_continuing" selected', page)  # the routine wording, ready to change


def test_victim_pages_are_for_roles_that_contact_victims(app, signed_in, make_victim, mad):
    officer_client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    analyst, _ = signed_in(app, role="analyst")
    for url in (f"/victims/{victim.id}", f"/victims/{victim.id}/care-log", "/victims/new", "/ring-backs/"):
        assert analyst.get(url).status_code == 403, url
    assert officer_client.get("/ring-backs/").status_code == 403
    assert officer_client.get("/victims/no-such-victim").status_code == 404


def test_opening_a_victims_page_is_in_the_access_audit_by_ids_never_by_details(app, mad, signed_in, make_victim, caplog):
    from core.auth.audit import search_access

    client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    with caplog.at_level("DEBUG"):
        client.get(f"/victims/{victim.id}")
        client.get(f"/victims/{victim.id}/care-log")
    with mad.session() as session:
        rows = search_access(session, crime_reference=victim.crime_reference)
        seen = [(r.user_id, r.what, r.detail) for r in reversed(rows)]
    assert seen == [(officer.id, "victim page", f"victim {victim.id}"), (officer.id, "care log", f"victim {victim.id}")]
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "Jo Bloggs" not in logged and "900123" not in logged and "jo.bloggs" not in logged
