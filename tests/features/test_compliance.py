"""Step definitions for features/compliance.feature: analysts' and supervisors' compliance figures."""

import csv
import io
import re

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from core.models.access_audit import AccessRecord
from core.people import add_user
from core.testing import sign_in
from core.victims.labels import Duties
from tests.compliance.conftest import add_officer, add_victim

scenarios("compliance.feature")
PASSWORD = "correct horse battery staple"


class Case:
    app = client = page = None


@pytest.fixture
def case(make_mad_app):
    found = Case()
    found.app = make_mad_app(name="Testshire Police")
    return found


def session_of(case):
    return case.app.extensions["mad"].session()


@given("Response North recorded 3 victims in June 2026, one of them referred to support late")
def _(case):
    with session_of(case) as session:
        north = add_officer(session, "pc.north@example.org", "PC 1 North", "Response North", "Northtown")
        add_victim(session, 1, north)
        add_victim(session, 2, north, late=(Duties.REFERRAL,))
        add_victim(session, 3, north)


@given("Response South recorded 1 victim in June 2026 and has recorded nothing for them since")
def _(case):
    with session_of(case) as session:
        south = add_officer(session, "pc.south@example.org", "PC 2 South", "Response South", "Southtown")
        add_victim(session, 4, south, done=(), district="Southtown")


def signed_in(case, role, team=None):
    email = f"{role}@example.org"
    with session_of(case) as session:
        add_user(session, email=email, display_name=f"Demo {role}", role=role, password=PASSWORD, team=team)
    case.client = case.app.test_client()
    assert sign_in(case.client, email, PASSWORD).status_code == 302


@given("I am signed in as an analyst")
def _(case):
    signed_in(case, "analyst")


@given(parsers.parse("I am signed in as a supervisor of {team}"))
def _(case, team):
    signed_in(case, "supervisor", team)


PERIOD = "from=2026-04-01&to=2026-06-30"


@when("I look at compliance from 1 April 2026 to 30 June 2026")
def _(case):
    case.page = case.client.get(f"/compliance/?{PERIOD}").get_data(as_text=True)


@when(parsers.parse("I look at compliance from 1 April 2026 to 30 June 2026 for {team}"))
def _(case, team):
    case.page = case.client.get(f"/compliance/?{PERIOD}&team={team.replace(' ', '+')}").get_data(as_text=True)


def moj_row(page, label):
    start = page.index(f">{label}<")
    return page[start:page.index("</tr>", start)]


@then(parsers.parse('"{label}" shows {met:d} of {due:d} victims met'))
def _(case, label, met, due):
    cells = [c.split("<")[0] for c in moj_row(case.page, label).split('govuk-table__cell--numeric">')[1:]]
    assert cells[0] == str(due) and cells[1] == str(met)


@then("the figures name both teams")
def _(case):
    assert "Response North" in case.page and "Response South" in case.page


@when(parsers.parse('I open the crimes behind "{label}" not met and unexplained'))
def _(case, label):
    row = moj_row(case.page, label)
    href = row.split('status=unexplained')[0].rsplit('href="', 1)[1] + "status=unexplained" + \
        row.split("status=unexplained")[1].split('"')[0]
    case.page = case.client.get(href.replace("&amp;", "&")).get_data(as_text=True)


@then(parsers.parse("I see the crimes {first} and {second} with their officers"))
def _(case, first, second):
    assert first in case.page and second in case.page
    assert "PC 1 North" in case.page and "PC 2 South" in case.page
    assert "06/100001/26" not in case.page


@then("I see no victim's name or phone number")
def _(case):
    assert "Jo Bloggs" not in case.page and "07700" not in case.page


@then("my look at each crime is in the access audit")
def _(case):
    with session_of(case) as session:
        looked = session.scalars(select(AccessRecord.crime_reference).where(AccessRecord.user_email == "analyst@example.org",
                                                                           AccessRecord.what == "compliance drill-down"))
        assert sorted(looked) == ["06/100002/26", "06/100004/26"]


@when("I download the measures from 1 April 2026 to 30 June 2026")
def _(case):
    response = case.client.get(f"/compliance/moj.csv?{PERIOD}")
    assert response.mimetype == "text/csv"
    case.page = response.get_data(as_text=True)


@then("the spreadsheet has a line for each measure for all teams and for each team")
def _(case):
    lines = list(csv.DictReader(io.StringIO(case.page)))
    assert {(r["team"], r["measure"]) for r in lines} == {
        (team, measure) for team in ("All teams", "Response North", "Response South")
        for measure in ("acknowledgement", "referral", "updates", "vps")}


@then(parsers.parse("the figures are {team}'s only"))
def _(case, team):
    assert team in case.page and "Response North" not in case.page and "1 victim</p>" in case.page


@given("I have looked at compliance from 1 April 2026 to 30 June 2026")
def _(case):
    case.page = case.client.get(f"/compliance/?{PERIOD}").get_data(as_text=True)
    assert "4 victims" in case.page


@when("Response South's officer records that their victim declined a referral, with the reason")
def _(case):
    from core.models import CareDuty

    with session_of(case) as session:
        session.add(CareDuty(victim_id="victim-4", duty=Duties.REFERRAL, state="no", rationale="Victim declined",
                             recorded_by="PC 2 South"))


@then(parsers.parse('"{label}" shows {met:d} of {due:d} victims met and {rationale:d} not met with a rationale'))
def _(case, label, met, due, rationale):
    cells = [re.sub(r"<[^>]+>", "", c).split("<")[0].strip()
             for c in moj_row(case.page, label).split('govuk-table__cell--numeric">')[1:]]
    assert cells[:3] == [str(due), str(met), str(rationale)]
