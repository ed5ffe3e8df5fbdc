"""The resources library: validation in the toolkit's words, history of every edit, finding by
crime type and stage, attachments checked, and the demo resources."""

from datetime import date

import pytest
from marshmallow import ValidationError

from core.models import Resource
from core.resources import library
from core.resources.demo import load_demo_resources
from core.resources.schemas import load_resource

LOCALES = ("en", "pl", "cy")


def burglary(**overrides):
    values = {"kind": "prevention", "title": "Burglary prevention", "crime_types": ["burglary"],
              "stages": ["reported"], "links": ["https://www.example.org/burglary"],
              "texts": {"en": {"summary": "Lock up.", "body": "Lock doors and windows."},
                        "pl": {"summary": "Zamykaj.", "body": "Zamykaj drzwi i okna."}}}
    values.update(overrides)
    return values


def errors_of(values, today=date(2026, 12, 2)):
    with pytest.raises(ValidationError) as caught:
        load_resource(values, LOCALES, today=today)
    return caught.value.messages


def test_a_resource_in_english_and_polish_is_accepted():
    data = load_resource(burglary(), LOCALES)
    assert set(data["texts"]) == {"en", "pl"} and data["crime_types"] == ["burglary"]


def test_bad_resources_are_explained_field_by_field():
    assert errors_of(burglary(kind="poster"))["kind"] == [
        "Choose a kind of resource from the list ('poster' is not one)"]
    assert "Enter a title" in errors_of(burglary(title=""))["title"]
    assert errors_of(burglary(crime_types=["arson"]))["crime_types"][0] == [
        "Choose a crime type from the list ('arson' is not one)"]
    assert errors_of(burglary(texts={"pl": {"summary": "a", "body": "b"}}))["texts"] == [
        "Write the English summary and email text (other languages are optional)"]
    assert "does not offer de" in errors_of(burglary(texts={"en": {"summary": "a", "body": "b"},
                                                           "de": {"summary": "a", "body": "b"}}))["texts"][0]
    too_long = errors_of(burglary(texts={"en": {"summary": "x" * 307, "body": "b"}}))
    assert too_long["texts"]["en"]["value"]["summary"] == [
        "Write a summary of 1 to 306 characters (it is sent as a text)"]
    assert errors_of(burglary(links=["ftp://example.org/x"]))["links"][0] == [
        "Enter each link as a web address starting https://"]
    assert errors_of(burglary(review_due_on="2026-01-01"))["review_due_on"] == [
        "Choose a review date from today on"]


def test_every_edit_is_kept_in_the_history(mad):
    with mad.session() as session:
        resource, _ = library.save_resource(session, load_resource(burglary(id="burg"), LOCALES), "VSC Alex",
                                            today=date(2026, 12, 2))
        assert resource.review_due_on == date(2027, 12, 2)
    edited = burglary(id="burg", title="Keeping your home safe")
    with mad.session() as session:
        _resource, changed = library.save_resource(session, load_resource(edited, LOCALES), "VSC Sam",
                                                   today=date(2026, 12, 2))
        assert changed
        _resource, changed_again = library.save_resource(session, load_resource(edited, LOCALES), "VSC Sam",
                                                         today=date(2026, 12, 2))
        assert not changed_again
    with mad.session() as session:
        changes = library.history(session, "burg")
        assert [(c.action, c.changed_by) for c in changes] == [("updated", "VSC Sam"), ("created", "VSC Alex")]
        assert changes[0].changes == {"title": ["Burglary prevention", "Keeping your home safe"]}


def test_an_attachment_must_be_what_it_says(mad):
    with mad.session() as session:
        resource, _ = library.save_resource(session, load_resource(burglary(id="burg"), LOCALES), "VSC")
        with pytest.raises(ValueError):
            library.add_attachment(session, resource, "leaflet.pdf", "application/pdf", b"MZ not a pdf", "VSC")
        library.add_attachment(session, resource, "leaflet.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n", "VSC")
    with mad.session() as session:
        assert [a.filename for a in session.get(Resource, "burg").attachments] == ["leaflet.pdf"]
        assert library.history(session, "burg")[0].action == "attachment added"


def test_officers_find_resources_by_crime_type_and_stage(mad):
    with mad.session() as session:
        assert load_demo_resources(session, LOCALES) == 10
    with mad.session() as session:
        burglary_titles = [r.title for r in library.find(session, crime_type="burglary", stage="reported")]
        assert "Keeping your home safe after a burglary" in burglary_titles
        assert "Spotting fraud and scams" not in burglary_titles
        # a resource for every crime type (none listed) is offered at its stage
        assert "Your rights under the Victims' Code" in burglary_titles
        court = [r.title for r in library.find(session, stage="court")]
        assert "Going to court as a witness" in court and "Your right to review a decision" not in court
        assert [r.kind for r in library.find(session, kind="rtc_booklet")] == ["rtc_booklet"]
