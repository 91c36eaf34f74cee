"""The OpenAPI schema: committed, current, valid, and served."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

COMMITTED = Path(__file__).parents[2] / "api" / "openapi.yaml"


def generated() -> str:
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_committed_schema_is_the_one_the_code_generates():
    assert COMMITTED.read_text(encoding="utf-8") == generated(), (
        "api/openapi.yaml is out of date: run `make schema` and commit it."
    )


@pytest.mark.django_db
def test_the_schema_is_served_and_documents_the_error_body(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["components"]["schemas"]["Error"]["properties"]["error"]
    operations = [
        (path, method, op) for path, item in schema["paths"].items() for method, op in item.items()
    ]
    assert len(operations) >= 20
    for path, method, op in operations:
        statuses = set(op["responses"])
        assert any(s.startswith("2") for s in statuses), (method, path)
        assert statuses - {"200", "201", "202", "204"}, f"{method} {path} documents no error"
