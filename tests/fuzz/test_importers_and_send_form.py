"""Fuzzing with hypothesis: importers and the send form answer anything with a clear refusal, never a crash.

Inputs hypothesis once found to break them are kept as ``@example`` cases, so they stay fixed.
"""

import json
import os
import tempfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.directory.importing import ImportFailed, read_rows, validate_rows
from core.testing import csrf_from

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
DISTRICTS = ["Northtown", "Southmere"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "name", "description", "languages", "phones", "number", "attributes",
                         "taxonomy_term", "code", "service_areas", "contents", "organization", "schedules",
                         "service_at_locations", "location", "addresses", "email", "url", "status"]) | st.text(max_size=8),
        children, max_size=5),
    max_leaves=25)


def _import_text(text, suffix):
    handle, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        return validate_rows(read_rows(path), DISTRICTS)
    finally:
        os.unlink(path)


@FUZZ
@given(json_values)
@example({"name": "Languages As Text", "languages": "en"})
@example({"contents": [{"name": "x", "phones": [{"number": 7700900123}]}]})
@example([None, 1, "two"])
def test_any_json_is_imported_or_refused_with_problems(document):
    try:
        _import_text(json.dumps(document), ".json")
    except ImportFailed as failed:
        assert failed.problems and all(str(p) for p in failed.problems)


@FUZZ
@given(st.text(max_size=300))
@example("name,phone\n=cmd|' /C calc'!A0,0161 496 0000\n")
@example("name\n\x00\n")
@example('"unterminated')
def test_any_csv_text_is_imported_or_refused_with_problems(text):
    try:
        _import_text(text, ".csv")
    except ImportFailed as failed:
        assert failed.problems


def test_a_deeply_nested_json_import_is_refused_clearly_not_a_recursion_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ImportFailed) as failed:
        validate_rows(read_rows(path), DISTRICTS)
    assert "nested 100000 levels deep; at most 32 are allowed" in str(failed.value.problems[0])


def test_a_field_of_the_wrong_type_is_a_problem_on_its_row_not_a_silent_drop(tmp_path):
    path = tmp_path / "services.json"
    path.write_text(json.dumps([{"id": "ok", "name": "Fine Service"},
                                {"id": "bad", "name": "Welsh Line", "languages": "en"}]))
    with pytest.raises(ImportFailed) as failed:
        validate_rows(read_rows(path), DISTRICTS)
    assert [str(p) for p in failed.value.problems] == ["service 2: languages: Expected a list of objects"]


form_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@settings(FUZZ, max_examples=25)
@given(reference=form_text, kind=st.sampled_from(["sms", "email", "fax", ""]) | form_text,
       recipient=form_text, locale=st.sampled_from(["en", "cy", "xx", ""]) | form_text, officer=form_text)
@example(reference="06/123456/26", kind="sms", recipient="+", locale="en", officer="\x00")
@example(reference="\u202e06/123456/26", kind="email", recipient="a@b", locale="cy", officer="{{ 7*7 }}")
def test_the_send_form_answers_anything_with_a_preview_or_its_errors(app, signed_in, reference, kind, recipient,
                                                                     locale, officer):
    if not hasattr(app, "_fuzz_client"):
        app._fuzz_client = signed_in(app)[0]
    client = app._fuzz_client
    page = client.get("/updates/new/crime_reference_assigned").get_data(as_text=True)
    key = page.split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]
    response = client.post("/updates/new/crime_reference_assigned", data={
        "csrf_token": csrf_from(page), "idempotency_key": key, "action": "preview", "crime_reference": reference,
        "kind": kind, "recipient": recipient, "locale": locale, "field__officer_name": officer})
    assert response.status_code in (200, 400), response.status_code
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "<script>" not in body
