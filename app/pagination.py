"""Opaque cursors for keyset pagination: `limit` (1–100) and `cursor` in, `{data, next_cursor}` out."""
from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, and_, or_
from sqlmodel import Session

from app.errors import InvalidInput

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=100, description="Page size, 1–100.")]
Cursor = Annotated[str | None, Query(max_length=500, description="Opaque cursor from the previous page's `next_cursor`.")]


class Page(BaseModel, Generic[T]):
    data: list[T] = Field(..., description="This page's items.")
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last page.")


def encode_cursor(*values: Any) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else str(v) for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def invalid_cursor() -> InvalidInput:
    return InvalidInput("The cursor is not valid; pass `next_cursor` from a previous page unchanged.",
                        errors=[{"parameter": "cursor", "detail": "not a cursor this service issued"}])


def decode_cursor(cursor: str, arity: int) -> list[str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except ValueError as exc:
        raise invalid_cursor() from exc
    if not isinstance(values, list) or len(values) != arity or not all(isinstance(v, str) for v in values):
        raise invalid_cursor()
    return values


def decode_time_id_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The (timestamp, id) pair of a keyset cursor."""
    stamp, ident = decode_cursor(cursor, 2)
    try:
        return datetime.fromisoformat(stamp), uuid.UUID(ident)
    except ValueError as exc:
        raise invalid_cursor() from exc


def keyset_page(session: Session, stmt: Select, stamp_column: Any, id_column: Any, *, limit: int,
                cursor: str | None, newest_first: bool = True,
                item: Callable[[Any], Any] = lambda row: row) -> tuple[list[Any], str | None]:
    """One page of `stmt`, keyset-paginated on (stamp_column, id_column); `item` picks the row's
    object when the statement selects several."""
    if cursor is not None:
        stamp, last_id = decode_time_id_cursor(cursor)
        if newest_first:
            stmt = stmt.where(or_(stamp_column < stamp, and_(stamp_column == stamp, id_column < last_id)))
        else:
            stmt = stmt.where(or_(stamp_column > stamp, and_(stamp_column == stamp, id_column > last_id)))
    order = (stamp_column.desc(), id_column.desc()) if newest_first else (stamp_column, id_column)
    rows = list(session.exec(stmt.order_by(*order).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        last = item(rows[limit - 1])
        next_cursor = encode_cursor(getattr(last, stamp_column.key), getattr(last, id_column.key))
    return rows[:limit], next_cursor
