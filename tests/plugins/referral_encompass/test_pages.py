"""The Encompass pages as an officer, a supervisor and a VSC use them."""

import re

from core.testing import csrf_from
from tests.referrals.factories import CRIME, PAYLOAD

CHILD_KEYS = ("name", "date_of_birth", "education", "school", "local_authority", "year_group", "present", "where")


def form_data(page, children=None, **changes):
    """What a browser posts: the page's CSRF token and idempotency key, the payload flattened."""
    data = {k: v for k, v in PAYLOAD.items() if k != "children"}
    data.update(changes)
    for index, child in enumerate(children or PAYLOAD["children"]):
        for key in CHILD_KEYS:
            data[f"children-{index}-{key}"] = child.get(key, "")
    data["csrf_token"] = csrf_from(page)
    data["idempotency_key"] = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    return data


def test_notify_schools_from_the_crime_page(encompass_app, signed_in):
    app = encompass_app()
    client, _ = signed_in(app)
    crime = client.get(f"/crimes/{CRIME}").get_data(as_text=True)
    assert "Notify schools (Operation Encompass)" in crime and "No referrals have been made on this crime." in crime
    page = client.get(f"/referrals/new/encompass?reference={CRIME}").get_data(as_text=True)
    assert f'id="crime_reference" name="crime_reference" type="text" value="{CRIME}"' in page
    assert 'value="PC Officer Example"' in page
    assert "Ashby Primary School, Ashby (URN 990001)" in page  # offered as a suggestion

    sent = client.post("/referrals/new/encompass", data=form_data(page))
    assert sent.status_code == 302
    shown = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Ashby Primary School" in shown and "Waiting to be sent" in shown
    assert "Thursday 19 November 2026, 08:30" in shown
    copy = re.search(r'href="(/referrals/[^"]+/copy/\d+)"', shown).group(1)
    pdf = client.get(copy)
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "operation-encompass-school-990001.pdf" in pdf.headers["Content-Disposition"]
    crime = client.get(f"/crimes/{CRIME}").get_data(as_text=True)
    assert "1 child(ren), 1 school(s)" in crime and "Operation Encompass notification to Ashby Primary School" in crime

    # Pressing Send twice (the same form) makes one referral.
    again = client.post("/referrals/new/encompass", data=form_data(page))
    assert again.headers["Location"] == sent.headers["Location"]


def test_add_another_child_then_errors_name_the_child_and_field(encompass_app, signed_in):
    client, _ = signed_in(encompass_app())
    page = client.get(f"/referrals/new/encompass?reference={CRIME}").get_data(as_text=True)
    added = client.post("/referrals/new/encompass", data={**form_data(page), "action": "add_child"})
    html = added.get_data(as_text=True)
    assert added.status_code == 200 and "Child 2" in html and 'name="children-1-name"' in html
    assert "There is a problem" not in html
    data = form_data(html, children=[PAYLOAD["children"][0], {"name": "", "date_of_birth": "1/1/2000",
                                                              "education": "school", "school": "Ashby Primary"}])
    refused = client.post("/referrals/new/encompass", data={**data, "action": "send"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Child 2: name: Enter the child&#39;s full name" in html
    assert "Child 2: present: Say whether the child was present during the incident" in html
    assert "this date of birth makes the child 26" in html
    assert 'href="#children-1-date_of_birth"' in html
    summary = re.findall(r'<li><a href="#([\w-]+)">', html)
    assert summary == ["children-1-name", "children-1-date_of_birth", "children-1-present"]  # the form's order
    assert 'value="Amira Example"' in html  # what was typed is kept


def test_a_supervisor_sees_referrals_by_district(encompass_app, signed_in):
    app = encompass_app()
    officer, _ = signed_in(app)
    page = officer.get(f"/referrals/new/encompass?reference={CRIME}").get_data(as_text=True)
    officer.post("/referrals/new/encompass", data=form_data(page))
    assert officer.get("/referrals/").status_code == 403
    supervisor, _ = signed_in(app, role="supervisor")
    html = supervisor.get("/referrals/?days=60").get_data(as_text=True)
    assert 'data-district="Northtown"' in html and "1 child(ren), 1 school(s)" in html
    assert "Overdue: 1" in html and ">Overdue<" in html  # due 19 November, still waiting
    assert "No referrals in this period." in supervisor.get("/referrals/?district=Southmere&days=60").get_data(
        as_text=True)


def test_a_vsc_keeps_dsl_addresses_and_the_holiday_calendar(encompass_app, signed_in):
    app = encompass_app()
    vsc, _ = signed_in(app, role="vsc")
    listing = vsc.get("/schools/?q=hilcrest primary").get_data(as_text=True)
    assert "Hillcrest Church of England Primary School" in listing and "Not recorded" in listing
    page = vsc.get("/schools/990007").get_data(as_text=True)
    bad = vsc.post("/schools/990007", data={"csrf_token": csrf_from(page), "dsl_email": "not an address"})
    assert bad.status_code == 400 and "Enter an email address, like name@example.org" in bad.get_data(as_text=True)
    vsc.post("/schools/990007", data={"csrf_token": csrf_from(page), "dsl_email": "dsl@hillcrest.example.org"})
    assert "dsl@hillcrest.example.org" in vsc.get("/schools/?q=hillcrest").get_data(as_text=True)

    holidays = vsc.get("/schools/holidays").get_data(as_text=True)
    upload = {"csrf_token": csrf_from(holidays)}
    from io import BytesIO
    wrong = vsc.post("/schools/holidays", data={**upload, "calendar": (BytesIO(b"first_day,last_day\n2026-13-01,\n"),
                                                                        "terms.csv")})
    assert wrong.status_code == 400 and "line 2: write the days as dates" in wrong.get_data(as_text=True)
    vsc.post("/schools/holidays", data={**upload, "calendar": (
        BytesIO(b"first_day,last_day,description\n2026-12-21,2027-01-01,Christmas holidays\n"), "terms.csv")})
    assert "Christmas holidays" in vsc.get("/schools/holidays").get_data(as_text=True)

    authorities = vsc.get("/schools/local-authorities").get_data(as_text=True)
    assert "home.education@southmere.example.org" in authorities
    officer, _ = signed_in(app)
    assert officer.get("/schools/").status_code == 403
