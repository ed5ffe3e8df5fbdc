"""The crime reference is checked against PoliceWorks before anything is stored against it."""

import pytest
from sqlalchemy import func, select

from core.messaging.service import SendInvalid, prepare
from core.models import Message
from tests.factories import update_request

REQUEST = update_request()


def problem_with(mad, reference):
    """What the officer is told about ``reference`` (None when it is accepted)."""
    try:
        prepared = prepare(mad, {**REQUEST, "crime_reference": reference})
    except SendInvalid as exc:
        return exc.errors.get("crime_reference", [None])[0]
    assert prepared.crime_reference == reference.strip().upper()
    return None


def test_a_crime_policeworks_knows_is_accepted(policeworks_app, simulator):
    mad = policeworks_app().extensions["mad"]
    assert problem_with(mad, " 06/654321/26 ") is None
    assert simulator.store.calls["LookupCrime"] == 1


def test_an_unknown_crime_is_refused_with_a_message_the_officer_can_act_on(policeworks_app, simulator):
    mad = policeworks_app().extensions["mad"]
    assert problem_with(mad, "06/999999/26") == (
        "PoliceWorks has no crime 06/999999/26. Check the reference on the crime report and enter it again.")
    with mad.session() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 0


def test_the_format_is_checked_first_without_asking_policeworks(policeworks_app, simulator):
    mad = policeworks_app().extensions["mad"]
    assert problem_with(mad, "6/12/26") == "Enter the crime reference in the form 06/123456/26"
    assert problem_with(mad, "  ") == "Enter the crime reference"
    assert simulator.store.calls["LookupCrime"] == 0


@pytest.mark.parametrize("mode", ["fault", "http500", "slow"])
def test_when_policeworks_is_down_the_update_may_still_go_by_default_with_a_warning(policeworks_app, simulator, mode):
    mad = policeworks_app().extensions["mad"]
    simulator.set_mode(mode, delay=1.5)  # slower than the 1 s the officer is made to wait
    assert problem_with(mad, "06/999999/26") is None
    assert prepare(mad, {**REQUEST, "crime_reference": "06/999999/26"}).reference_notice == (
        "PoliceWorks is not answering, so it could not confirm that crime 06/999999/26 exists. Check the reference "
        "before you send: the message will go now and be written into the crime's record when PoliceWorks is back.")


def test_no_warning_when_policeworks_confirms_the_crime(policeworks_app):
    mad = policeworks_app().extensions["mad"]
    assert prepare(mad, REQUEST).reference_notice is None


def test_a_force_may_refuse_updates_while_policeworks_cannot_confirm_the_crime(policeworks_app, simulator):
    mad = policeworks_app(allow_when_unreachable=False).extensions["mad"]
    simulator.set_mode("fault")
    assert problem_with(mad, "06/123456/26") == (
        "PoliceWorks is not answering (PoliceWorks reported a server fault: PoliceWorks is unavailable: try again "
        "later), so crime 06/123456/26 could not be checked. Nothing has been sent. Try again in a few minutes.")


def test_the_existence_check_can_be_turned_off(policeworks_app, simulator):
    mad = policeworks_app(check_crime_exists=False).extensions["mad"]
    assert problem_with(mad, "06/999999/26") is None
    assert simulator.store.calls["LookupCrime"] == 0


def test_a_refused_login_during_the_check_is_treated_as_policeworks_not_answering(policeworks_app, simulator,
                                                                                   monkeypatch):
    monkeypatch.setenv("POLICEWORKS_PASSWORD", "not-the-simulators-password")
    mad = policeworks_app(allow_when_unreachable=False).extensions["mad"]
    assert problem_with(mad, "06/123456/26").startswith(
        "PoliceWorks is not answering (PoliceWorks refused the username or password")
    assert simulator.store.calls["LookupCrime"] == 0  # refused before it was counted
