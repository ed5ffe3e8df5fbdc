"""Needs become support: VNA answers suggest directory services, one press signposts with details filled."""

import re
from datetime import date

from core.directory.demo import load_demo_services
from core.victims.service import save_care_log
from tests.directory.conftest import DEMO_DISTRICTS


def test_a_yes_in_the_needs_assessment_suggests_services_ready_to_signpost(make_mad_app, signed_in, make_victim):
    app = make_mad_app(districts=DEMO_DISTRICTS)
    mad = app.extensions["mad"]
    with mad.session() as session:
        load_demo_services(session, DEMO_DISTRICTS)
    client, officer = signed_in(app)
    victim = make_victim(mad, officer)
    before = client.get(f"/victims/{victim.id}").get_data(as_text=True)
    assert "Answer the Victim Needs Assessment in the care log" in before
    answers = {f"vna__{q['id']}": "no" for q in mad.config.care_log["vna_questions"]}
    save_care_log(mad, victim.id, {"needs_assessment": "yes", **answers, "vna__housing": "yes"}, officer,
                  today=date(2026, 12, 2))
    page = client.get(f"/victims/{victim.id}").get_data(as_text=True)
    assert "Housing and homelessness" in page
    links = re.findall(r'href="(/updates/new/signposting\?[^"]+)"', page)
    assert links, page
    compose = client.get(links[0].replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="+447700900123"' in compose and 'value="06/123456/26"' in compose
    # The service's details come from the directory, read-only; only its key travels with the form.
    service_key = re.search(r"service=([^&\"]+)", links[0].replace("&amp;", "&"))[1].replace("%2F", "/")
    assert f'name="directory_service" value="{service_key}"' in compose
    assert "data-directory-fields" in compose and "cannot be changed here" in compose
