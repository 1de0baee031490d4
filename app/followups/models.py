"""Sends, replies and the tenant's policy: the facts the next-action rules read."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Column, Field, SQLModel

from app.dbtypes import PortableJSON, UTCDateTime, new_id, utcnow


class Send(SQLModel, table=True):
    __table_args__ = (Index("ix_send_interview_sent", "interview_id", "sent_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, ondelete="CASCADE")
    interview_id: uuid.UUID = Field(foreign_key="interview.id", ondelete="CASCADE")
    kind: str = Field(max_length=16)
    channel: str = Field(max_length=16)
    sent_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    draft_id: uuid.UUID | None = Field(default=None)
    to: dict[str, Any] | None = Field(default=None, sa_column=Column(PortableJSON, nullable=True))
    subject: str | None = Field(default=None, max_length=500)
    body: str | None = Field(default=None)
    warnings: list[str] = Field(default_factory=list, sa_column=Column(PortableJSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Reply(SQLModel, table=True):
    __table_args__ = (Index("ix_reply_interview_received", "interview_id", "received_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, ondelete="CASCADE")
    interview_id: uuid.UUID = Field(foreign_key="interview.id", ondelete="CASCADE")
    received_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    outcome: str = Field(max_length=16)
    note: str | None = Field(default=None)
    returns_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    decision_expected_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Policy(SQLModel, table=True):
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", primary_key=True, ondelete="CASCADE")
    thank_you_ideal_hours: int = 24
    thank_you_deadline_hours: int = 48
    check_in_after_days: int = 7
    check_in_interval_days: int = 7
    max_check_ins: int = 2
    move_on_after_days: int = 7
    business_days: bool = False
    holiday_country: str | None = Field(default=None, max_length=8)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
