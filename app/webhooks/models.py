"""Webhook endpoints, the outbox of events, their deliveries, and the worker lease."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer
from sqlmodel import Column, Field, SQLModel

from app.dbtypes import PortableJSON, UTCDateTime, new_id, utcnow


class WebhookEndpoint(SQLModel, table=True):
    __tablename__ = "webhook_endpoint"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, ondelete="CASCADE")
    url: str = Field(max_length=2000)
    events: list[str] = Field(sa_column=Column(PortableJSON, nullable=False))
    secret: str = Field(max_length=100)
    description: str | None = Field(default=None, max_length=500)
    enabled: bool = True
    consecutive_failures: int = 0
    disabled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class OutboxEvent(SQLModel, table=True):
    """An event written in the same transaction as the change that caused it."""

    __tablename__ = "outbox_event"

    seq: int | None = Field(default=None, sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True))
    id: uuid.UUID = Field(default_factory=new_id, unique=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, ondelete="CASCADE")
    type: str = Field(max_length=40)
    interview_id: uuid.UUID | None = Field(default=None, index=True)
    payload: dict[str, Any] = Field(sa_column=Column(PortableJSON, nullable=False))
    fanned_out: bool = Field(default=False, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_pending", "status", "next_attempt_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, ondelete="CASCADE")
    endpoint_id: uuid.UUID = Field(foreign_key="webhook_endpoint.id", index=True, ondelete="CASCADE")
    event_id: uuid.UUID = Field(foreign_key="outbox_event.id", index=True, ondelete="CASCADE")
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    locked_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    last_status_code: int | None = None
    last_latency_ms: float | None = None
    last_error: str | None = Field(default=None, max_length=500)
    delivered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class WorkerLease(SQLModel, table=True):
    """A named single-writer lease (SQLite has no SKIP LOCKED)."""

    __tablename__ = "worker_lease"

    name: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=100)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
