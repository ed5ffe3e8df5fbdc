"""The SOAP client against the real simulator: round trip, faults, malformed answers, timeouts, credentials."""

from datetime import datetime, timezone

import pytest

from core.toolkit import ChronologyEntry, PermanentRecordsError, TemporaryRecordsError
from plugins.records_policeworks.client import PoliceWorksClient


def entry(entry_id="entry-1", reference="06/123456/26", **changes):
    values = dict(id=entry_id, crime_reference=reference, entry_type="message_sent",
                  text="Text message to victim (+4477009***23) in Welsh: Crime reference assigned.\nCyfeirnod...",
                  author="PC 1234 Jones", occurred_at=datetime(2026, 3, 14, 14, 30, tzinfo=timezone.utc),
                  english_text="Your crime reference is 06/123456/26.",
                  details={"template": "crime_reference_assigned", "channel": "sandbox_sms", "language": "cy"})
    values.update(changes)
    return ChronologyEntry(**values)


@pytest.fixture
def client(settings):
    made = PoliceWorksClient(settings)
    yield made
    made.close()


def test_an_entry_lands_in_the_crimes_chronology_with_every_field(client, simulator):
    records_id, duplicate = client.add_chronology_entry(entry())
    (stored,) = simulator.entries("06/123456/26")
    assert (records_id, duplicate) == (stored.records_id, False)
    assert stored.entry_id == "entry-1" and stored.author == "PC 1234 Jones"
    assert stored.text.startswith("Text message to victim (+4477009***23) in Welsh")
    assert stored.english_text == "Your crime reference is 06/123456/26."
    assert stored.details == {"template": "crime_reference_assigned", "channel": "sandbox_sms", "language": "cy"}
    assert datetime.fromisoformat(stored.occurred_at.replace("Z", "+00:00")) == datetime(2026, 3, 14, 14, 30,
                                                                                          tzinfo=timezone.utc)


def test_writing_the_same_entry_id_again_keeps_one_entry_and_answers_the_same_id(client, simulator):
    first, _ = client.add_chronology_entry(entry())
    again, duplicate = client.add_chronology_entry(entry())
    assert (again, duplicate) == (first, True)
    assert len(simulator.entries()) == 1


def test_one_http_session_is_reused_for_every_call(client, simulator):
    client.lookup_crime("06/123456/26")
    client.add_chronology_entry(entry())
    sessions = [service._client.transport.session for service in client._services.values()]
    assert len(sessions) == 2 and all(session is client.session for session in sessions)


def test_looking_up_a_crime_gives_its_status_and_officer(client):
    assert client.lookup_crime("06/100200/26") == {"exists": True, "status": "Suspect charged",
                                                    "officer_in_charge": "DC 3105 Evans"}
    assert client.lookup_crime("06/999999/26") == {"exists": False, "status": None, "officer_in_charge": None}


def test_an_unknown_crime_is_a_permanent_error_naming_the_reference(client, simulator):
    with pytest.raises(PermanentRecordsError) as error:
        client.add_chronology_entry(entry(reference="06/999999/26"))
    assert error.value.reason == "PoliceWorks has no crime with the reference 06/999999/26"
    assert simulator.entries() == []


def test_an_entry_the_contract_cannot_carry_is_permanent_before_anything_is_sent(client, simulator):
    with pytest.raises(PermanentRecordsError, match="does not fit the PoliceWorks contract: Text"):
        client.add_chronology_entry(entry(text=""))
    assert simulator.store.calls["AddChronologyEntry"] == 0


@pytest.mark.parametrize(("mode", "reason"), [
    ("fault", "PoliceWorks reported a server fault: PoliceWorks is unavailable: try again later"),
    ("http500", "PoliceWorks answered with an error page instead of SOAP (HTTP 5xx)"),
    ("garbage", "PoliceWorks sent an answer that is not XML"),
    ("malformed", "PoliceWorks answered AddChronologyEntry without what the WSDL requires: "
                  "Duplicate: Field may not be null.; RecordsId: Field may not be null."),
])
def test_faults_and_bad_answers_are_temporary_with_a_clear_reason(client, simulator, mode, reason):
    simulator.set_mode(mode)
    with pytest.raises(TemporaryRecordsError) as error:
        client.add_chronology_entry(entry())
    assert error.value.reason.startswith(reason)


def test_a_malformed_lookup_answer_is_temporary(client, simulator):
    simulator.set_mode("malformed")
    with pytest.raises(TemporaryRecordsError, match="LookupCrime without what the WSDL requires: CrimeReference: Field may not be null"):
        client.lookup_crime("06/123456/26")


def test_a_slow_server_hits_the_timeout_and_the_retry_finds_the_entry_already_there(client, simulator):
    simulator.set_mode("slow", delay=3.0, count=1)  # the client gives up after 2 s
    with pytest.raises(TemporaryRecordsError, match="did not answer within 2 seconds"):
        client.add_chronology_entry(entry())
    records_id, duplicate = client.add_chronology_entry(entry())
    assert duplicate is True
    assert [e.records_id for e in simulator.entries()] == [records_id]


def test_a_server_that_is_not_there_is_temporary(settings):
    unreachable = PoliceWorksClient({**settings, "endpoint": "http://127.0.0.1:9/policeworks"})
    with pytest.raises(TemporaryRecordsError, match="cannot be reached at http://127.0.0.1:9/policeworks"):
        unreachable.add_chronology_entry(entry())


def test_wrong_credentials_are_refused_by_the_simulator_and_reported_clearly(settings, simulator):
    wrong = PoliceWorksClient({**settings, "password": "not-the-password"})
    with pytest.raises(TemporaryRecordsError, match="refused the username or password"):
        wrong.add_chronology_entry(entry())
    assert simulator.entries() == []


def test_a_password_digest_is_accepted(settings, simulator):
    digest = PoliceWorksClient({**settings, "password_digest": True})
    digest.add_chronology_entry(entry())
    wrong = PoliceWorksClient({**settings, "password_digest": True, "password": "nope-nope-nope"})
    with pytest.raises(TemporaryRecordsError, match="refused the username or password"):
        wrong.add_chronology_entry(entry("entry-2"))
    assert [e.entry_id for e in simulator.entries()] == ["entry-1"]
