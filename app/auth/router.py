"""HTTP for API key management: an `admin` key manages the keys of its own tenant only.

Tenants are created with `python -m app keys create`, not over HTTP: see SECURITY.md.
"""
from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.auth import service
from app.auth.deps import Admin
from app.auth.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from app.db import SessionDep
from app.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/v1/admin", tags=["admin"])


@router.get("/keys", response_model=Page[ApiKeyRead], summary="List API keys")
def list_keys(session: SessionDep, principal: Admin, limit: Limit = 20, cursor: Cursor = None,
              include_revoked: Annotated[bool, Query(description="Also list revoked keys.")] = False,
              ) -> Page[ApiKeyRead]:
    """The caller's tenant's keys, newest first. Needs the `admin` scope. Secrets are never shown."""
    rows, next_cursor = service.list_keys(session, principal.tenant_id, limit=limit, cursor=cursor,
                                          include_revoked=include_revoked)
    return Page[ApiKeyRead](data=[ApiKeyRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.post("/keys", status_code=201, response_model=ApiKeyCreated, summary="Create an API key")
def create_key(payload: ApiKeyCreate, session: SessionDep, principal: Admin) -> ApiKeyCreated:
    """A new key for the caller's tenant. The response holds the full key, once; store it then.
    Needs the `admin` scope. No `Idempotency-Key` here on purpose: replaying the response would
    mean storing the secret."""
    tenant = service.get_tenant(session, principal.tenant_id)
    key, secret = service.create_key(session, tenant, list(payload.scopes), name=payload.name)
    return ApiKeyCreated(**ApiKeyRead.model_validate(key).model_dump(), key=secret)


@router.get("/keys/{key_id}", response_model=ApiKeyRead, summary="Read an API key")
def get_key(key_id: uuid.UUID, session: SessionDep, principal: Admin) -> ApiKeyRead:
    """One of the caller's tenant's keys (without its secret). Needs the `admin` scope."""
    return ApiKeyRead.model_validate(service.get_key(session, principal.tenant_id, key_id))


@router.delete("/keys/{key_id}", status_code=204, response_class=Response, summary="Revoke an API key")
def revoke_key(key_id: uuid.UUID, session: SessionDep, principal: Admin) -> Response:
    """Revoke a key: it stops working on the next request (keys are not cached). Revoking a
    revoked key is a no-op. A key may revoke itself, so a leaked key can always be shut off;
    if that was the tenant's last admin key, make a new one with `python -m app keys create`.
    Needs the `admin` scope."""
    service.revoke_key(session, service.get_key(session, principal.tenant_id, key_id))
    return Response(status_code=204)
