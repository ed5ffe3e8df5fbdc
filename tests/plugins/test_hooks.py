"""Hooks a force's plugin implements are called, and their answers used, as the built-ins' are."""

from core.events import MessageQueued, MessageSent
from core import hookimpl
from core.messaging.service import SendInvalid, prepare, queue
from core.toolkit import ReferenceCheck
from core.toolkit import ReferralType as BaseReferralType
from tests.factories import update_request

REQUEST = update_request()


class Provider:
    name = "county_directory"


class ReferralType(BaseReferralType):
    name = "operation_example"


class ForcePlugin:
    """A force plugin that knows its records system and brings a directory and a referral type."""

    def __init__(self):
        self.queued = []

    @hookimpl
    def check_crime_reference(self, reference, mad):
        if reference == "06/999999/26":
            return ReferenceCheck(ok=False, problem="Crime 06/999999/26 is not on the records system")
        return None  # let the built-in pattern check decide

    @hookimpl
    def register_directory_providers(self, mad):
        return [Provider()]

    @hookimpl
    def register_referral_types(self, mad):
        return [ReferralType()]

    @hookimpl
    def track_event(self, event):
        if isinstance(event, MessageQueued):
            self.queued.append((event.message_id, event.crime_reference))


def test_check_crime_reference_a_records_aware_check_wins_over_the_pattern(make_mad_app):
    mad = make_mad_app(plugins=[ForcePlugin()]).extensions["mad"]
    try:
        prepare(mad, {**REQUEST, "crime_reference": "06/999999/26"})
    except SendInvalid as exc:
        assert exc.errors == {"crime_reference": ["Crime 06/999999/26 is not on the records system"]}
    else:
        raise AssertionError("the reference was accepted")
    assert prepare(mad, REQUEST).crime_reference == "06/123456/26"


def test_the_built_in_pattern_check_gives_an_example(make_mad_app):
    mad = make_mad_app().extensions["mad"]
    try:
        prepare(mad, {**REQUEST, "crime_reference": "banana"})
    except SendInvalid as exc:
        assert exc.errors["crime_reference"] == ["Enter the crime reference in the form 06/123456/26"]
    else:
        raise AssertionError("the reference was accepted")


def test_directory_providers_and_referral_types_are_collected_and_listed(make_mad_app, signed_in):
    app = make_mad_app(plugins=[ForcePlugin()])
    mad = app.extensions["mad"]
    # The force's provider comes before the built-in database directory (registered trylast).
    assert list(mad.directory_providers) == ["county_directory", "database"]
    assert list(mad.referral_types) == ["operation_example"]
    client, _ = signed_in(app, role="admin")
    page = client.get("/-/plugins").get_data(as_text=True)
    assert "county_directory" in page and "operation_example" in page


def test_message_queued_event_carries_ids_not_the_victims_details(make_mad_app):
    plugin = ForcePlugin()
    mad = make_mad_app(plugins=[plugin]).extensions["mad"]
    message, _ = queue(mad, prepare(mad, REQUEST), None)
    assert plugin.queued == [(message.id, "06/123456/26")]


class BrokenListener:
    name = "broken_listener"

    @hookimpl
    def track_event(self, event):
        if isinstance(event, MessageSent):
            raise RuntimeError("listener bug")


def test_track_event_a_failing_listener_does_not_stop_delivery(make_mad_app):
    plugin = ForcePlugin()
    mad = make_mad_app(plugins=[BrokenListener(), plugin]).extensions["mad"]
    message, _ = queue(mad, prepare(mad, REQUEST), None)
    mad.dispatcher.drain()
    from core.models import Message

    with mad.session() as session:
        assert session.get(Message, message.id).status == "sent"
