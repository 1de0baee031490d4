"""Stored drafts and tenant templates."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Column, Field, SQLModel

from app.dbtypes import PortableJSON, UTCDateTime, new_id, utcnow


class Draft(SQLModel, table=True):
    __table_args__ = (Index("ix_draft_interview_created", "interview_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", index=True, ondelete="CASCADE")
    interview_id: uuid.UUID = Field(foreign_key="interview.id", ondelete="CASCADE")
    kind: str = Field(max_length=16)
    tone: str = Field(max_length=16)
    to: dict[str, Any] = Field(sa_column=Column(PortableJSON, nullable=False))
    subject: str
    body_text: str
    body_html: str
    template_id: str = Field(max_length=80)
    mailto: str
    report: dict[str, Any] = Field(sa_column=Column(PortableJSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Template(SQLModel, table=True):
    __table_args__ = (Index("ix_template_tenant_created", "tenant_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenant.id", ondelete="CASCADE")
    name: str = Field(max_length=100)
    kind: str = Field(max_length=16)
    tone: str | None = Field(default=None, max_length=16)
    subject_source: str
    body_source: str
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
