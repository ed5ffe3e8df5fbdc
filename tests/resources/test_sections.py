"""Sections prepared ahead: prepared as a draft, scheduled for a date (checked with a fake clock),
live to officers only from then, retired, every change audited; plugins ship sections through
``register_sections``."""

from datetime import UTC, date, datetime, timedelta

import pytest
from marshmallow import ValidationError

from core import hookimpl
from core.models import Section
from core.resources import sections
from core.resources.demo import load_demo_resources


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def stocked(mad):
    with mad.session() as session:
        load_demo_resources(session, ["en", "pl"])
    return mad


def test_a_section_scheduled_for_next_monday_goes_live_then_and_not_before(stocked):
    mad = stocked
    clock = FakeClock(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # a Wednesday
    with mad.session() as session:
        data = sections.load_section(mad, session, {
            "id": "rcrp", "title": "Right Care Right Person", "guidance": "Welfare calls from Monday.",
            "resource_ids": ["demo-victims-code"], "template_ids": ["signposting"]})
        section, _ = sections.save_section(session, data, "VSC Alex")
        assert sections.state(section, clock()) == "draft"
        monday = sections.go_live_at(date(2026, 12, 7))
        sections.schedule(session, section, monday, "VSC Alex")
    with mad.session() as session:
        assert [s.id for s in sections.live_sections(session, clock())] == []
        clock.advance(days=4, hours=14, minutes=59)  # Sunday 23:59 UK time
        assert [s.id for s in sections.live_sections(session, clock())] == []
        clock.advance(minutes=1)  # Monday 00:00
        assert [s.id for s in sections.live_sections(session, clock())] == ["rcrp"]
        templates, resources, services = sections.contents(mad, session, session.get(Section, "rcrp"))
        assert [t.id for t in templates] == ["signposting"] and [r.id for r in resources] == ["demo-victims-code"]
        sections.retire(session, session.get(Section, "rcrp"), "VSC Sam", now=clock())
    with mad.session() as session:
        clock.advance(seconds=1)
        assert sections.live_sections(session, clock()) == []
        assert [(c.action, c.changed_by) for c in sections.history(session, "rcrp")] == [
            ("retired", "VSC Sam"), ("scheduled", "VSC Alex"), ("prepared", "VSC Alex")]


def test_a_section_naming_what_does_not_exist_is_refused(stocked):
    with stocked.session() as session, pytest.raises(ValidationError) as caught:
        sections.load_section(stocked, session, {"title": "", "template_ids": ["nope"],
                                                 "resource_ids": ["gone"], "service_ids": ["nowhere"]})
    assert caught.value.messages["title"] == ["Enter the section's title"]


def test_unknown_contents_are_named(stocked):
    with stocked.session() as session, pytest.raises(ValidationError) as caught:
        sections.load_section(stocked, session, {"title": "Roll-out", "template_ids": ["nope"],
                                                 "resource_ids": ["gone"]})
    assert caught.value.messages == {
        "template_ids": ["No message template nope: choose from the list"],
        "resource_ids": ["A resource chosen is not in the library any more: choose again"]}


class RolloutPlugin:
    name = "rollout"

    @hookimpl
    def register_sections(self, mad):
        return [{"id": "crime-recording-team", "title": "Centralised crime recording team",
                 "guidance": "Victims now hear from the team first.",
                 "live_from": "2027-01-04T00:00:00+00:00"}]


def test_register_sections_a_plugins_section_is_stored_once_and_a_vscs_retirement_stands(make_mad_app):
    mad = make_mad_app(plugins=[RolloutPlugin()]).extensions["mad"]
    with mad.session() as session:
        assert sections.sync_plugin_sections(mad, session) == 1
        shipped = session.get(Section, "crime-recording-team")
        assert shipped.source == "plugin"
        assert sections.state(shipped, datetime(2027, 1, 4, tzinfo=UTC)) == "live"
        sections.retire(session, shipped, "VSC Alex", now=datetime(2027, 1, 5, tzinfo=UTC))
    with mad.session() as session:
        assert sections.sync_plugin_sections(mad, session) == 0
        assert sections.state(session.get(Section, "crime-recording-team"),
                              datetime(2027, 1, 6, tzinfo=UTC)) == "retired"
