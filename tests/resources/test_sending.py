"""Sending a resource: through the same outbox and records entry as any update, in the victim's
language where the resource has it, once per press, counted, and the ``resource_sent`` event fired."""

import pytest
from sqlalchemy import select

from core.events import ResourceSent
from core import hookimpl
from core.messaging.service import SendInvalid
from core.models import Message, RecordsEntry, Resource
from core.resources import library
from core.resources.demo import load_demo_resources
from core.resources.sending import send_resource


class Listener:
    name = "care_log_listener"

    def __init__(self):
        self.events = []

    @hookimpl
    def track_event(self, event):
        if isinstance(event, ResourceSent):
            self.events.append(event)


@pytest.fixture
def listener():
    return Listener()


@pytest.fixture
def demo(make_mad_app, make_user, listener):
    app = make_mad_app(plugins=[listener], locales=["en", "cy", "pl"])
    mad = app.extensions["mad"]
    with mad.session() as session:
        load_demo_resources(session, [info.code for info in mad.locales])
    user, _password = make_user(app, role="officer", display_name="PC Jo Example")
    return mad, user


def payload(**overrides):
    values = {"crime_reference": "06/123456/26", "kind": "email", "recipient": "victim@example.org",
              "locale": "pl", "idempotency_key": "resource-send-0001"}
    values.update(overrides)
    return values


def test_the_burglary_leaflet_goes_in_polish_with_its_leaflet_and_a_records_entry(demo, listener):
    mad, user = demo
    message, created = send_resource(mad, "demo-burglary-prevention", payload(), user)
    assert created
    with mad.session() as session:
        stored = session.get(Message, message.id)
        assert stored.locale == "pl" and stored.template_id == "resource"
        assert "Przykro nam" in stored.body and "https://www.example.org/burglary-prevention" in stored.body
        assert "We are sorry" in stored.english_body
        assert [a.filename for a in stored.attachments] == ["burglary-prevention.pdf"]
        entry = session.scalar(select(RecordsEntry).where(RecordsEntry.message_id == message.id))
        assert "in Polish: Resource: Keeping your home safe after a burglary" in entry.text
        assert "Attached: burglary-prevention.pdf" in entry.text
        assert library.usage(session) == {"demo-burglary-prevention": 1}
    assert [(e.name, e.extra["kind"]) for e in listener.events] == [("resource_sent", "prevention")]


def test_pressing_send_twice_sends_counts_and_fires_resource_sent_once(demo, listener):
    mad, user = demo
    first, _ = send_resource(mad, "demo-victims-code", payload(kind="sms", recipient="07700 900123"), user)
    again, created = send_resource(mad, "demo-victims-code", payload(kind="sms", recipient="07700 900123"), user)
    assert again.id == first.id and not created
    with mad.session() as session:
        assert session.query(Message).count() == 1
        assert library.usage(session) == {"demo-victims-code": 1}
        assert session.get(Message, first.id).attachments == []  # a text carries no file
    assert [e.extra["kind"] for e in listener.events] == ["victims_code_leaflet"]


def test_a_resource_not_written_in_the_victims_language_goes_in_english(demo):
    mad, user = demo
    message, _ = send_resource(mad, "demo-vehicle-crime", payload(kind="sms", recipient="07700 900124"), user)
    with mad.session() as session:
        stored = session.get(Message, message.id)
        assert stored.locale == "en" and stored.body.startswith("Keep your car locked")


def test_bad_input_is_explained_and_nothing_is_stored(demo):
    mad, user = demo
    with pytest.raises(SendInvalid) as caught:
        send_resource(mad, "demo-burglary-prevention", payload(recipient="not an address", locale="xx"), user)
    assert set(caught.value.errors) == {"recipient", "locale"}
    with mad.session() as session:
        session.get(Resource, "demo-vehicle-crime").status = "withdrawn"
    with pytest.raises(LookupError):
        send_resource(mad, "demo-vehicle-crime", payload(), user)
    with mad.session() as session:
        assert session.query(Message).count() == 0 and library.usage(session) == {}


def test_a_victim_who_replied_stop_is_not_sent_a_resource_by_text(demo):
    """The same rule as every update (``prepare``): the officer is told to reach them another way."""
    from core.conversations.optouts import set_opt_out

    mad, user = demo
    with mad.session() as session:
        set_opt_out(session, mad, "sms", "+447700900125", "07700 900***", True, "STOP", None, [])
    with pytest.raises(SendInvalid) as caught:
        send_resource(mad, "demo-victims-code", payload(kind="sms", recipient="07700 900125"), user)
    assert "replied STOP" in caught.value.errors["recipient"][0]
    assert "Send this message by email instead" in caught.value.errors["recipient"][0]
    message, created = send_resource(mad, "demo-victims-code", payload(), user)  # email still goes
    assert created and message.kind == "email"


def test_resources_sent_are_counted_in_the_usage_figures(demo):
    from datetime import date

    from core.compliance.refresh import refresh
    from core.compliance.stored import usage_report

    mad, user = demo
    send_resource(mad, "demo-burglary-prevention", payload(), user)
    send_resource(mad, "demo-burglary-prevention", payload(idempotency_key="resource-send-0002"), user)
    send_resource(mad, "demo-victims-code", payload(idempotency_key="resource-send-0003"), user)
    refresh(mad)
    with mad.session() as session:  # what the usage page and `mad report usage` read
        figures = usage_report(session, date.today(), date.today())
    assert figures["leaflets_sent"] == [("Keeping your home safe after a burglary", 2), ("Your rights under the Victims' Code", 1)]
    assert ("resource", 3) in figures["messages_by_template"]
