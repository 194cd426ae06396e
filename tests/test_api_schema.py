"""Property-based test of the REST API against its own OpenAPI schema (schemathesis, ASGI, no network).

Every generated request, per operation, must get a JSON object with a documented status code
and a body that matches the documented schema; never a 500.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from conftest_web import build_db
from rasid.api.app import create_app

MAX_EXAMPLES = 25


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):
    db = build_db(str(tmp_path_factory.mktemp("schema") / "seed.db"))
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db.path, None))


def operation_labels() -> list[str]:
    return ["GET /api/events", "GET /api/events/{event_id}", "GET /api/articles", "GET /api/articles/{article_id}",
            "GET /api/entities", "GET /api/entities/{entity_id}", "GET /api/profiles", "GET /api/profiles/{entity}",
            "GET /api/search", "GET /api/discrepancies", "POST /api/ingest", "GET /api/resolution"]


def test_every_operation_is_covered(api_schema):
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    assert labels == set(operation_labels())


@pytest.mark.parametrize("label", operation_labels())
def test_operation_conforms_to_its_schema(api_schema, label):
    operation = next(r.ok() for r in api_schema.get_all_operations() if r.ok().label == label)

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case) -> None:
        response = case.call()
        assert response.status_code < 500, f"{label}: {response.status_code} {response.text[:200]}"
        assert str(response.status_code) in operation.definition.raw["responses"], \
            f"{label}: undocumented status {response.status_code}"
        assert response.headers["content-type"][0].startswith("application/json")
        assert isinstance(response.json(), dict)
        case.validate_response(response)

    check()
