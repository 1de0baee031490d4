"""Test databases: migrated once per session with Alembic, isolated per test.

SQLite (default): each test gets a fresh copy of a migrated file. PostgreSQL (when
FOLLOWUP_TEST_DATABASE_URL names one): a database migrated once per session, truncated after
each test. Under CI=true an unreachable PostgreSQL fails the run instead of skipping it.
"""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from app.db import make_engine
from app.main import create_app
from app.settings import ROOT, Settings
from app.tables import metadata

PG_URL = os.environ.get("FOLLOWUP_TEST_DATABASE_URL")
IN_CI = os.environ.get("CI") == "true"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--db-only", action="store_true",
                     help="run only tests that touch a database (the PostgreSQL pass skips the pure cores)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--db-only"):
        keep = [i for i in items if "engine" in getattr(i, "fixturenames", ())]
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {'PostgreSQL ' + make_url(PG_URL).render_as_string(hide_password=True) if PG_URL else 'SQLite'}"


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _postgres_reachable(url: str) -> str | None:
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means unreachable
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database for this test session: a SQLite template file, or a PostgreSQL database."""
    if not PG_URL:
        template = tmp_path_factory.mktemp("db") / "template.db"
        command.upgrade(alembic_config(f"sqlite:///{template}"), "head")
        yield f"sqlite:///{template}"
        return
    problem = _postgres_reachable(PG_URL)
    if problem:
        message = f"PostgreSQL at {make_url(PG_URL).render_as_string(hide_password=True)} is unreachable ({problem})"
        if IN_CI:
            pytest.fail(message + "; CI=true requires it", pytrace=False)
        pytest.skip(message + "; skipping the PostgreSQL tests")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"followup_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    command.upgrade(alembic_config(url), "head")
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def db_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """This test's own database: a copy of the SQLite template, or the PostgreSQL one, emptied afterwards."""
    if database_url.startswith("sqlite"):
        copy = tmp_path / "test.db"
        shutil.copyfile(make_url(database_url).database, copy)
        yield f"sqlite:///{copy}"
        return
    yield database_url
    engine = create_engine(database_url)
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} CASCADE"))
    engine.dispose()


def make_settings(db_url: str, **overrides) -> Settings:
    values = {"database_url": db_url, "env": "development", "access_log": False, "log_level": "WARNING"}
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def settings(db_url: str) -> Settings:
    return make_settings(db_url)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A development-mode client: the local tenant, no key needed."""
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def interview_payload() -> dict:
    return {
        "candidate": {"name": "Priya Raman", "email": "priya@example.com"},
        "company": "Northwind Health",
        "position": "Senior Data Engineer",
        "interviewers": [{"name": "Lucia Alvarez", "title": "Director of Data", "email": "lucia@northwind.example"}],
        "interviewed_at": "2026-03-10T14:00:00-05:00",
        "timezone": "America/Chicago",
        "highlights": ["moving the claims pipeline to streaming"],
        "strengths": ["six years of HIPAA-compliant data platforms"],
        "concerns": [{"concern": "no Kafka in production", "response": "I ran Kinesis at scale"}],
        "additional_info": ["my portfolio link"],
    }
