"""The interview table, with its stored next action for the due-actions index."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from app.dbtypes import PortableJSON, UTCDateTime, new_id, utcnow


class Interview(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("tenant_id", "external_id", name="uq_interview_tenant_external_id"),
        Index("ix_interview_tenant_created", "tenant_id", "created_at", "id"),
        # The due-actions list is a range scan on this index: WHERE tenant_id = ? AND next_action_at <= ?
        Index("ix_interview_tenant_due", "tenant_id", "next_action_at", "id"),
        Index("ix_interview_tenant_action_due", "tenant_id", "next_action", "next_action_at", "id"),
        Index("ix_interview_tenant_status", "tenant_id", "status"),
        Index("ix_interview_tenant_company", "tenant_id", "company"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", ondelete="CASCADE")
    external_id: str | None = Field(default=None, max_length=200)
    candidate: dict[str, Any] = Field(sa_column=Column(PortableJSON, nullable=False))
    company: str = Field(max_length=200)
    position: str = Field(max_length=200)
    interviewers: list[dict[str, Any]] = Field(sa_column=Column(PortableJSON, nullable=False))
    interviewed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    timezone: str | None = Field(default=None, max_length=64)
    decision_expected_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    highlights: list[str] = Field(default_factory=list, sa_column=Column(PortableJSON, nullable=False))
    strengths: list[str] = Field(default_factory=list, sa_column=Column(PortableJSON, nullable=False))
    concerns: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(PortableJSON, nullable=False))
    additional_info: list[str] = Field(default_factory=list, sa_column=Column(PortableJSON, nullable=False))
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column("metadata", PortableJSON, nullable=False))
    status: str = Field(default="active", max_length=16)
    next_action: str | None = Field(default=None, max_length=32)
    next_action_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    # The due transition already announced by a next_action.due event ("action@iso-time").
    due_notified: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
