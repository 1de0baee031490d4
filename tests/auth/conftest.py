"""Production-mode apps and tenants with keys, made directly through app.auth.service."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.auth import service
from app.db import unit_of_work
from app.main import create_app
from app.settings import Settings
from tests.conftest import make_settings


@dataclass(frozen=True)
class Caller:
    """A tenant's key as a test uses it."""

    tenant: str
    key: str
    key_id: uuid.UUID
    prefix: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


def new_key(engine: Engine, tenant: str, scopes: str = "read,write,admin", name: str = "") -> Caller:
    """Create the tenant if needed and a key for it, committed, as the CLI would."""
    with unit_of_work(engine) as session:
        row, secret = service.create_key(session, service.get_or_create_tenant(session, tenant),
                                         scopes.split(","), name=name)
    return Caller(tenant, secret, row.id, row.prefix)


@pytest.fixture
def make_key(engine: Engine) -> Callable[..., Caller]:
    """`make_key("acme", "read")`: a committed key of that tenant (created on first use)."""
    return lambda tenant, scopes="read,write,admin", name="": new_key(engine, tenant, scopes, name)


@pytest.fixture
def prod_settings(db_url: str) -> Settings:
    return make_settings(db_url, env="production")


@pytest.fixture
def prod_app(prod_settings: Settings, engine: Engine):
    """A production-mode app on this test's database (depends on `engine` so the PostgreSQL pass runs it)."""
    return create_app(prod_settings)


@pytest.fixture
def prod_client(prod_app) -> Iterator[TestClient]:
    """A client of the production-mode app with no credentials of its own: pass `headers=`."""
    with TestClient(prod_app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def alice(make_key) -> Caller:
    return make_key("alice-corp")


@pytest.fixture
def bob(make_key) -> Caller:
    return make_key("bob-corp")
