"""Writing events to the outbox, inside the caller's transaction (never lost, never invented)."""
from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from app.webhooks.models import OutboxEvent

EVENT_TYPES = ("next_action.due", "send.recorded", "reply.recorded", "interview.created", "interview.deleted")


def emit(session: Session, tenant_id: uuid.UUID, event_type: str, data: dict[str, Any],
         interview_id: uuid.UUID | None = None) -> OutboxEvent:
    """Record an event in the current transaction; the worker fans it out to subscribed endpoints."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    event = OutboxEvent(tenant_id=tenant_id, type=event_type, interview_id=interview_id, payload=data)
    session.add(event)
    return event
