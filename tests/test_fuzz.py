"""API fuzzing: schemathesis generates requests for every operation of the committed
openapi/openapi.json and sends them to the app in-process (development mode, fresh database).

Checks: never a 5xx, and every response matches the documented schema (status, content type,
body). Bounded: a fixed number of examples per operation, no deadline, a derandomized run so a
failure reproduces.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)
from sqlalchemy.engine import make_url

from app.main import create_app
from app.settings import ROOT
from tests.conftest import make_settings

EXAMPLES_PER_OPERATION = 25
# Not `negative_data_rejection`: in development mode a request without `Authorization` is
# rightly accepted, which that check reports for every operation.
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


# The app is built at import (schemathesis parametrizes at collection) on a database file the
# fixture below fills with the migrated template before the first request starts the lifespan.
FUZZ_DIR = Path(tempfile.mkdtemp(prefix="followup-fuzz-"))
atexit.register(shutil.rmtree, FUZZ_DIR, ignore_errors=True)
# Development mode: one local tenant, every scope, no key; limits as configured except the rate
# limit, which would only turn generated requests into 429s.
APP = create_app(make_settings(f"sqlite:///{FUZZ_DIR / 'fuzz.db'}", rate_limit_per_minute=0))
schema = schemathesis.openapi.from_path(ROOT / "openapi" / "openapi.json")
schema.app = APP  # requests go to the ASGI app in-process


@pytest.fixture(scope="module", autouse=True)
def fuzz_database(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("fuzzing runs in the SQLite pass only")
    target = FUZZ_DIR / "fuzz.db"
    if not target.exists():
        shutil.copyfile(make_url(database_url).database, target)


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_responses_match_the_schema(case):
    case.call_and_validate(checks=CHECKS)
