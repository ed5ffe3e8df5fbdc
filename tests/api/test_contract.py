"""The OpenAPI contract, checked by schemathesis against the app served on loopback (bounded examples).

Every operation is called with generated requests (valid and invalid) carrying a token with every
scope; schemathesis checks there is no server error, every answer's status, content type and body
are the ones the OpenAPI declares, and invalid requests are refused.
"""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, assume, given, settings
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from core.directory.demo import load_demo_services
from tests.factories import make_token
from tests.web.test_directory_pages import DISTRICTS

#: Every query parameter the API documents.
QUERY_PARAMETERS = {"cursor", "limit", "q", "need", "district"}


@pytest.fixture
def contract_app(make_mad_app, serve, monkeypatch):
    monkeypatch.setenv("MAD_API_RATE_LIMIT", "100000 per minute")
    app = make_mad_app(districts=DISTRICTS)
    with app.extensions["mad"].session() as session:
        load_demo_services(session, DISTRICTS)
    return serve(app)


@pytest.fixture
def token_headers(contract_app):
    return make_token(contract_app.app)[1]


def test_the_openapi_is_3_1_and_generated_from_the_schemas(contract_app):
    document = requests.get(f"{contract_app.url}/api/v1/openapi.json", timeout=10).json()
    assert document["openapi"] == "3.1.0"
    assert document["components"]["schemas"]["Send"]["required"] == [
        "crime_reference", "kind", "locale", "recipient", "template_id"]
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    page = requests.get(f"{contract_app.url}/api/v1/docs", timeout=10).text
    assert "POST /api/v1/messages" in page and "Idempotency-Key" in page


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_keeps_to_the_contract(contract_app, token_headers, mode):
    api = schemathesis.openapi.from_url(f"{contract_app.url}/api/v1/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == 10
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # A schema-valid send can still break the service's rules (an unknown template, a reference the
            # force does not use, a number that is not a mobile); those are 422 problem details, whose shape
            # the response-schema check still holds to the contract.
            excluded = [positive_data_acceptance] if case.operation.method.upper() == "POST" else []
            extra = {k: v for k, v in (case.query or {}).items() if k not in QUERY_PARAMETERS}
            # An unknown parameter whose value is an empty list is never put in the URL, so such a
            # "negative" case sends a valid request: not a case at all.
            assume(not extra or any(v not in ([], None) for v in extra.values()))
            case.call_and_validate(headers=token_headers, excluded_checks=excluded)

        check()
