"""Integration fixtures: the real server (uvicorn, several worker processes) on this pass's database.

Every test here uses `engine` (overridden below: the module's database, which the live server
serves), so they run in both passes: SQLite, and PostgreSQL with `--db-only`. One database and
one server per module keep the suite fast. The live-server helpers live in bench/durability.py.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import httpx
import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from app.settings import ROOT
from tests.conftest import alembic_config

_spec = importlib.util.spec_from_file_location("bench_durability", ROOT / "bench" / "durability.py")
durability = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = durability  # dataclasses look their module up while the class is built
_spec.loader.exec_module(durability)


@pytest.fixture(scope="module")
def module_db_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database for one test module, so one live server serves all its tests.

    A copy of the session's migrated SQLite file, or a new PostgreSQL database migrated with Alembic.
    """
    if database_url.startswith("sqlite"):
        copy = tmp_path_factory.mktemp("live") / "live.db"
        shutil.copyfile(make_url(database_url).database, copy)
        yield f"sqlite:///{copy}"
        return
    with _scratch_postgres(database_url, "followup_live") as url:
        command.upgrade(alembic_config(url), "head")
        yield url


@pytest.fixture(scope="module")
def engine(module_db_url: str) -> Iterator[Engine]:
    """Here `engine` reaches the live server's database (the module's), built from the same Settings."""
    engine = durability.db_engine(module_db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def live_server(module_db_url: str, engine: Engine) -> Iterator[durability.LiveServer]:
    """The real server with three worker processes on the module's database, stopped afterwards."""
    server = durability.LiveServer(module_db_url, workers=3)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        if os.environ.get("FOLLOWUP_KEEP_SERVER_LOGS") != "1":
            server.log_path.unlink(missing_ok=True)


@contextmanager
def _scratch_postgres(server_url: str, prefix: str) -> Iterator[str]:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def in_parallel(calls: list[Callable[[httpx.Client], httpx.Response]], base_url: str) -> list[httpx.Response]:
    """Run every call from its own thread and connection, released together by a barrier."""
    barrier = Barrier(len(calls))

    def run(call: Callable[[httpx.Client], httpx.Response]) -> httpx.Response:
        with httpx.Client(base_url=base_url, timeout=30) as client:
            client.get("/healthz")  # connect first, so the barrier releases requests, not handshakes
            barrier.wait()
            return call(client)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def fresh_db_url(database_url: str, engine: Engine, tmp_path: Path) -> Iterator[str]:
    """An empty, unmigrated database of this pass's engine (a new file, or a new PostgreSQL database)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    with _scratch_postgres(database_url, "followup_fresh") as url:
        yield url
