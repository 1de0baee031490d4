"""The committed OpenAPI document matches the app, and documents every field."""
from __future__ import annotations

import json

from app.main import create_app
from app.settings import ROOT, Settings


def current_document() -> dict:
    return create_app(Settings(_env_file=None)).openapi()


def test_committed_openapi_matches_the_app():
    committed = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    assert committed == current_document(), "openapi/openapi.json is stale: run `make openapi` and commit it"


def test_every_schema_field_has_a_description():
    missing = [
        f"{name}.{field}"
        for name, schema in current_document()["components"]["schemas"].items()
        for field, spec in schema.get("properties", {}).items()
        if not spec.get("description") and "$ref" not in spec
    ]
    assert missing == []


def test_errors_are_documented_as_problem_json():
    document = current_document()
    post = document["paths"]["/v1/interviews"]["post"]
    assert "application/problem+json" in post["responses"]["422"]["content"]
    assert post["requestBody"]["content"]["application/json"]["schema"]
    assert document["components"]["schemas"]["InterviewCreate"]["examples"]
