"""API key request and response schemas. The key's hash is on the table only; the full key
appears in exactly one response, the one that creates it."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Scope = Literal["read", "write", "admin"]
KeyName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class ApiKeyCreate(BaseModel):
    """A new key for the caller's own tenant."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "ATS integration", "scopes": ["read", "write"]}]},
    )

    name: KeyName = Field("", description="A label to recognise the key by (at most 100 characters).")
    scopes: list[Scope] = Field(
        ["read", "write"], min_length=1, max_length=3,
        description="What the key may do: `read`, `write`, `admin` (admin implies the others and manages keys "
        "and the policy). Repeated scopes count once.",
    )

    @field_validator("scopes")
    @classmethod
    def _dedupe(cls, value: list[str]) -> list[str]:
        return [s for s in ("read", "write", "admin") if s in value]


class ApiKeyRead(BaseModel):
    """A key as the API shows it: never the secret, never its hash."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(..., description="The key's id (used to revoke it).")
    name: str = Field(..., description="The key's label.")
    prefix: str = Field(..., description="The key's public first part (`ifu_` + 8 hex digits), shown in logs.")
    scopes: list[Scope] = Field(..., description="What the key may do.")
    created_at: datetime = Field(..., description="When the key was created (UTC).")
    revoked_at: datetime | None = Field(None, description="When the key was revoked (UTC); null while it works.")

    @field_validator("scopes", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return value.split(",") if isinstance(value, str) else value


class ApiKeyCreated(ApiKeyRead):
    """The new key, with its secret: shown in this response only and stored nowhere."""

    key: str = Field(..., description="The full API key for `Authorization: Bearer <key>`. Shown only in this "
                     "response: store it now; it cannot be read again.")
