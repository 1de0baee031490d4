"""Idempotency-Key: the first response to a create POST is stored with the change and replayed."""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Header
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import Text, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlmodel import Column, Field, Session, SQLModel, select

from app.dbtypes import UTCDateTime, new_id, utcnow
from app.errors import InvalidInput


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_idempotency_record_tenant_key"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", ondelete="CASCADE")
    key: str = Field(max_length=255)
    method_path: str = Field(max_length=300)
    request_hash: str = Field(max_length=64)
    status_code: int
    # The exact bytes first sent, so a replay is byte-for-byte the same answer.
    response_body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))


IdempotencyKeyHeader = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=255,
           description="Make this POST safe to retry: the first response is stored with the change and "
                       "replayed for a repeat within the key's lifetime (24 h by default). The same key "
                       "with a different body is a 422."),
]
_PENDING = 0


def _request_hash(scope: str, payload: BaseModel) -> str:
    canonical = json.dumps(payload.model_dump(mode="json", exclude_unset=True), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{scope}\n{canonical}".encode()).hexdigest()


def _find(session: Session, tenant_id: uuid.UUID, key: str) -> IdempotencyRecord | None:
    return session.exec(
        select(IdempotencyRecord).where(IdempotencyRecord.tenant_id == tenant_id, IdempotencyRecord.key == key)
    ).first()


def _replay(record: IdempotencyRecord, request_hash: str) -> Response:
    if record.request_hash != request_hash:
        raise InvalidInput(
            "This Idempotency-Key was already used with a different request; use a new key for a new request.",
            errors=[{"parameter": "Idempotency-Key", "detail": "reused with a different request body or path"}],
        )
    return Response(record.response_body, status_code=record.status_code, media_type="application/json",
                    headers={"Idempotent-Replayed": "true"})


def idempotent(session: Session, tenant_id: uuid.UUID, key: str | None, scope: str, payload: BaseModel,
               create: Callable[[], BaseModel], *, ttl_hours: int = 24, status_code: int = 201) -> Response:
    """Run `create` once per key: a repeat replays the stored response, in the same transaction as the change."""
    if key is None:
        return Response(create().model_dump_json(), status_code=status_code, media_type="application/json")
    request_hash = _request_hash(scope, payload)
    now = utcnow()
    record = _find(session, tenant_id, key)
    if record is not None and record.expires_at <= now:
        session.delete(record)
        session.flush()
        record = None
    if record is not None:
        return _replay(record, request_hash)
    record = IdempotencyRecord(tenant_id=tenant_id, key=key, method_path=scope[:300], request_hash=request_hash,
                               status_code=_PENDING, response_body="", expires_at=now + timedelta(hours=ttl_hours))
    try:
        # A savepoint: if a concurrent request holds this key, its insert wins and we replay its answer.
        with session.begin_nested():
            session.add(record)
    except IntegrityError:
        winner = _find(session, tenant_id, key)
        if winner is None or winner.status_code == _PENDING:  # pragma: no cover - needs a crash mid-request
            raise
        return _replay(winner, request_hash)
    body = create().model_dump_json()
    record.status_code, record.response_body = status_code, body
    session.add(record)
    session.flush()
    return Response(body, status_code=status_code, media_type="application/json")
