"""Prefill from the records system: its victims offered to the OIC, and "unavailable" said plainly."""

from core import hookimpl
from core.toolkit import RecordedVictim, TemporaryRecordsError
from core.victims.lookup import victims_from_records


class RecordsWithVictims:
    name = "records_with_victims"

    def __init__(self, answer=None, error=None):
        self.answer, self.error = answer, error

    @hookimpl
    def lookup_crime_victims(self, reference, mad):
        if self.error:
            raise self.error
        return self.answer


def test_lookup_crime_victims_the_officer_picks_a_victim_the_records_system_holds_and_the_form_is_filled(make_mad_app, signed_in):
    plugin = RecordsWithVictims([RecordedVictim(name="Sam Taylor", phone="07700 900456", locale="cy",
                                                plan_method="sms", plan_frequency="every_n_working_days",
                                                plan_every_days=10),
                                 {"name": "", "phone": "not used"}])
    app = make_mad_app(plugins=[plugin])
    client, _ = signed_in(app)
    page = client.get("/victims/new?reference=06/123456/26").get_data(as_text=True)
    assert "The records system holds these victims for this crime" in page
    assert "Use the details of Sam Taylor" in page
    filled = client.get("/victims/new?reference=06/123456/26&use=0").get_data(as_text=True)
    assert 'value="Sam Taylor"' in filled and 'value="07700 900456"' in filled
    assert 'name="plan_every_days" value="10"' in filled


def test_a_lookup_that_fails_is_named_and_the_officer_types_the_details(make_mad_app, signed_in):
    app = make_mad_app(plugins=[RecordsWithVictims(error=TemporaryRecordsError("PoliceWorks cannot be reached"))])
    client, _ = signed_in(app)
    page = client.get("/victims/new?reference=06/123456/26").get_data(as_text=True)
    assert "The records system lookup is unavailable." in page and "PoliceWorks cannot be reached" in page
    assert "Enter the victim&#39;s details yourself." in page


def test_without_a_lookup_nothing_is_claimed(mad):
    found = victims_from_records(mad, "06/123456/26")
    assert found.victims == [] and not found.answered and found.problem is None
