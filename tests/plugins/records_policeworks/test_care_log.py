"""The care log against the real PoliceWorks simulator: its entry type, and the victims lookup for prefill."""

from datetime import date

import pytest

from core.toolkit import ChronologyEntry, PermanentRecordsError, TemporaryRecordsError
from core.victims.lookup import victims_from_records
from core.victims.service import record_victim, save_care_log
from plugins.records_policeworks.client import PoliceWorksClient
from plugins.records_policeworks.simulator.store import Modes


def test_each_care_log_step_lands_in_policeworks_as_a_care_log_step(policeworks_app, simulator, make_user, database):
    app = policeworks_app(database=database)
    mad = app.extensions["mad"]
    officer, _ = make_user(app)
    victim = record_victim(mad, {"crime_reference": "06/123456/26", "name": "Sam Taylor", "phone": "07700 900456",
                                 "locale": "en", "oic_name": officer.display_name}, officer)
    save_care_log(mad, victim.id, {"vps_offered": "no", "vps_offered_rationale": "Victim wants to think about it",
                                   "oic_contact_left": "yes"}, officer, today=date(2026, 12, 2))
    mad.dispatcher.drain()
    entries = simulator.entries("06/123456/26")
    assert [e.entry_type for e in entries] == ["care_log_step", "care_log_step"]
    steps = {e.care_log_step["Duty"]: e for e in entries}
    vps = steps["vps_offered"]
    assert vps.care_log_step == {"Duty": "vps_offered", "DutyLabel": "Victim Personal Statement offered", "Answer": "no"}
    assert vps.text == ("Victim care log, Victim S. T.: Victim Personal Statement offered \u2013 No. "
                        "Reason: Victim wants to think about it.")
    assert vps.details["state_label"] == "No"
    assert steps["oic_contact_left"].care_log_step["Answer"] == "yes"


def test_an_entry_type_the_wsdl_does_not_know_is_refused_for_good(settings):
    from datetime import UTC, datetime

    client = PoliceWorksClient(settings)
    entry = ChronologyEntry(id="e-1", crime_reference="06/123456/26", entry_type="gossip", text="x", author="PC",
                            occurred_at=datetime.now(UTC))
    with pytest.raises(PermanentRecordsError, match="EntryType must be one of"):
        client.add_chronology_entry(entry)


def test_lookup_victims_returns_what_policeworks_holds(settings):
    client = PoliceWorksClient(settings)
    found = client.lookup_victims("06/123456/26")
    assert [v["Name"] for v in found] == ["Sam Taylor", "Nadia Rahman"]
    assert found[0]["ContactEveryWorkingDays"] == 10 and found[1]["CommunicationNeeds"] == "Urdu interpreter for calls"
    assert client.lookup_victims("06/654321/26") == []
    assert client.lookup_victims("99/999999/26") == []  # CrimeNotFound: nothing to offer


@pytest.mark.parametrize("mode", [Modes.FAULT, Modes.GARBAGE, Modes.MALFORMED])
def test_lookup_victims_that_cannot_answer_is_a_temporary_error(settings, simulator, mode):
    simulator.set_mode(mode)
    with pytest.raises(TemporaryRecordsError):
        PoliceWorksClient(settings).lookup_victims("06/123456/26")


def test_the_record_a_victim_page_prefills_from_policeworks_or_says_it_is_unavailable(policeworks_app, simulator,
                                                                                      signed_in):
    app = policeworks_app()
    mad = app.extensions["mad"]
    found = victims_from_records(mad, "06/123456/26")
    assert found.answered and found.victims[1]["locale"] == "ur" and found.victims[0]["plan_method"] == "sms"
    client, _ = signed_in(app)
    page = client.get("/victims/new?reference=06/123456/26&use=0").get_data(as_text=True)
    assert 'value="Sam Taylor"' in page and 'value="sam.taylor@example.org"' in page
    simulator.set_mode(Modes.FAULT)
    page = client.get("/victims/new?reference=06/123456/26").get_data(as_text=True)
    assert "The records system lookup is unavailable." in page and "PoliceWorks reported a server fault" in page
