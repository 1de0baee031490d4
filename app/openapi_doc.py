"""The OpenAPI document: the service description, problem+json everywhere, bearer auth."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

DESCRIPTION = """
Follow up after a job interview the way good career advice says: a prompt, personal thank-you
note within 24–48 hours; patience; one or two brief check-ins; then moving on.

**Conventions.** JSON, snake_case, everything under `/v1`. Times are RFC 3339 with an offset
(a naive time is a 422) and come back in UTC. Lists use cursor pagination (`limit` 1–100,
opaque `cursor`, response `{data, next_cursor}`). Create POSTs accept an `Idempotency-Key`
header. Errors are RFC 9457 problem details (`application/problem+json`) with an `errors` array
holding a JSON pointer (body) or parameter name per invalid field.

**Authentication.** In production every `/v1` request needs `Authorization: Bearer <key>`;
keys carry scopes `read`, `write`, `admin`. In development mode one local tenant is served
without a key, on loopback only.

**Next action rules** (policy defaults in brackets; days are 24-hour days unless `business_days`
is on, then Monday–Friday in the interview's time zone, skipping `holiday_country` holidays).
Only events at or before `at` count, ordered by their own times:
1. a reply `offer`, `rejection`, `next_round` or `withdrawn` → `done`;
2. `at` before the interview → `wait`, then `send_thank_you`;
3. an `out_of_office` reply whose `returns_at` is later → `wait` until then;
4. an `update` reply restarts the cadence from its time (and may move the decision date);
5. no thank-you yet → `send_thank_you`, due `interviewed_at` + ideal hours [24], `late` after
   the deadline [48 h]; once `check_in_after_days` [7] have passed, the moment is gone;
6. then check-ins: the first `check_in_after_days` [7] after the thank-you (not before the day
   after `decision_expected_at`), the next `check_in_interval_days` [7] later, at most
   `max_check_ins` [2]; then `move_on` `move_on_after_days` [7] after the last.
"""


def _problem_content() -> dict[str, Any]:
    return {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def customize_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes, tags=None)
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
            "type": "http", "scheme": "bearer",
            "description": "An API key from `python -m app keys create` (not needed in development mode).",
        }
        components = schema["components"].get("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.get("responses", {})
                for code, response in responses.items():
                    if code.startswith(("4", "5")):
                        response["content"] = _problem_content()
                if path.startswith("/v1"):
                    operation["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
