"""core.labels: every code a person may see has words, translated, and plugins add their own."""

from core import hookimpl
from core.labels import codes, humanise, label, register
from core.toolkit import N_


def test_the_cores_codes_read_as_words():
    assert label("status", "queued") == "Waiting to send"
    assert label("status", "failed") == "Not sent"
    assert label("write_status", "written") == "Written"
    assert label("entry_type", "message_sent") == "Message to the victim"
    assert label("writer", "local_audit") == "Local audit log"
    assert label("role", "vsc") == "Victims' Services Coordinator"
    assert label("channel", "sms") == "Text message"
    assert label("need", "domestic_abuse") == "Domestic abuse"
    assert label("vulnerability", "lgbtq") == "LGBTQ+"
    assert label("service_status", "temporarily closed") == "Temporarily closed"


def test_languages_are_named_in_the_interface_language(make_mad_app):
    assert label("language", "ar") == "Arabic" and label("language", "ur") == "Urdu"
    app = make_mad_app()
    with app.test_request_context(headers={"Accept-Language": "cy"}):
        assert label("language", "ar") == "Arabeg"
        assert label("status", "sent") == label("status", "sent")  # translated through the same catalogue


def test_an_unknown_code_is_shown_as_words_and_nothing_as_nothing():
    assert label("status", "waiting_for_callback") == "Waiting for callback"
    assert humanise("records-write") == "Records write"
    assert label("status", None) == "" and label("status", "") == ""


def test_register_adds_a_kind_and_a_later_registration_wins():
    register("example_kind", {"a_code": N_("A label")})
    register("example_kind", {"a_code": N_("A better label")})
    assert label("example_kind", "a_code") == "A better label"
    assert "a_code" in codes("example_kind")


class CareLogLabels:
    name = "care_log_labels"

    @hookimpl
    def register_labels(self, mad):
        return {"entry_type": {"care_plan_agreed": N_("Care plan agreed with the victim")}}


def test_register_labels_a_plugin_adds_labels_and_pages_show_them(make_mad_app):
    app = make_mad_app(plugins=[CareLogLabels()])
    assert label("entry_type", "care_plan_agreed") == "Care plan agreed with the victim"
    with app.test_request_context():
        rendered = app.jinja_env.from_string("{{ code|label('entry_type') }}").render(code="care_plan_agreed")
    assert rendered == "Care plan agreed with the victim"
