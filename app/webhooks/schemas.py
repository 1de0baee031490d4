"""Webhook request and response schemas, and the documented shape of every event we send."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from app.followups.schemas import ReplyRead, SendRead
from app.interviews.schemas import InterviewRead

EventType = Literal["next_action.due", "send.recorded", "reply.recorded", "interview.created", "interview.deleted"]
DeliveryStatus = Literal["pending", "succeeded", "failed"]

Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]

EXAMPLE_CREATE = {
    "url": "https://hooks.example.com/interview-followup",
    "events": ["next_action.due", "reply.recorded"],
    "description": "Reminders for the careers-site CRM",
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _unique(events: list[str]) -> list[str]:
    return list(dict.fromkeys(events))


class WebhookCreate(Strict):
    """A URL to POST events to, and which events it wants."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_CREATE]})

    url: Url = Field(..., description="Where events are POSTed: https, on a public address. Plain http and "
                     "private addresses only when the server allows them (local testing).")
    events: list[EventType] = Field(..., min_length=1, max_length=5, description="The event types to receive; "
                                    "duplicates are ignored.")
    description: Description | None = Field(None, description="A note for humans: what this endpoint is for.")

    @field_validator("events")
    @classmethod
    def _dedupe(cls, value: list[str]) -> list[str]:
        return _unique(value)


class WebhookUpdate(Strict):
    """Partial update. Setting `enabled` to true re-enables an endpoint that was disabled after failures;
    its pending deliveries then resume."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"enabled": True}]})

    url: Url | None = Field(None, description="A new URL (checked like at creation).")
    events: list[EventType] | None = Field(None, min_length=1, max_length=5, description="Replaces the event types.")
    description: Description | None = Field(None, description="Replaces the description.")
    enabled: bool | None = Field(None, description="False pauses deliveries; true resumes them and resets the failure count.")

    @field_validator("events")
    @classmethod
    def _dedupe(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _unique(value)

    @field_validator("url", "events", "enabled", mode="before")
    @classmethod
    def _not_null(cls, value):
        if value is None:
            raise ValueError("may not be null; omit the field to leave it unchanged")
        return value


class WebhookRead(BaseModel):
    """A registered webhook endpoint. The signing secret is shown only once, at creation."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(..., description="The endpoint's id.")
    url: str = Field(..., description="Where events are POSTed.")
    events: list[EventType] = Field(..., description="The event types it receives.")
    description: str | None = Field(None, description="A note for humans.")
    enabled: bool = Field(..., description="False once disabled (by you, or after too many consecutive failed attempts).")
    consecutive_failures: int = Field(..., description="Failed attempts in a row; reset by a successful one.")
    disabled_at: datetime | None = Field(None, description="When it was disabled after failures, in UTC.")
    created_at: datetime = Field(..., description="When it was registered, in UTC. It receives events from then on.")


class WebhookCreated(WebhookRead):
    """The new endpoint, with its signing secret: store it now, it is never shown again."""

    secret: str = Field(..., description="The signing secret, `whsec_` + base64 of 32 random bytes. Verify each "
                        "delivery's `webhook-signature` with it (any Standard Webhooks library does).")


class DeliveryRead(BaseModel):
    """One event on its way to one endpoint, and how its attempts went."""

    id: uuid.UUID = Field(..., description="The delivery's id.")
    webhook_id: uuid.UUID = Field(..., description="The endpoint it goes to.")
    event_id: uuid.UUID = Field(..., description="The event (also the `webhook-id` header and the body's `id`).")
    event_type: EventType = Field(..., description="The event's type.")
    interview_id: uuid.UUID | None = Field(None, description="The interview the event is about.")
    status: DeliveryStatus = Field(..., description="`pending` (waiting, retrying or in flight), `succeeded` "
                                   "(a 2xx came back), `failed` (gave up after the maximum attempts).")
    attempts: int = Field(..., description="Attempts made so far.")
    next_attempt_at: datetime | None = Field(None, description="When the next attempt is due (pending only), in UTC.")
    last_status_code: int | None = Field(None, description="HTTP status of the last attempt; null if no response came back.")
    last_latency_ms: float | None = Field(None, description="Duration of the last attempt, in milliseconds.")
    last_error: str | None = Field(None, description="Why the last attempt failed, if it did.")
    delivered_at: datetime | None = Field(None, description="When it succeeded, in UTC.")
    created_at: datetime = Field(..., description="When it was queued, in UTC.")


# --- the events we POST (documented as OpenAPI callbacks of `POST /v1/webhooks`) ----------------

class NextActionDueData(BaseModel):
    """The interview's next action has become due."""

    interview_id: uuid.UUID = Field(..., description="The interview.")
    external_id: str | None = Field(None, description="Your id for it.")
    action: Literal["send_thank_you", "check_in", "move_on"] = Field(..., description="The action that is due.")
    due_at: datetime = Field(..., description="When it became due, in UTC.")
    reason: str = Field(..., description="Why, in a sentence the candidate understands.")


class InterviewSnapshot(InterviewRead):
    """The interview exactly as `GET /v1/interviews/{id}` returns it."""

    # InterviewRead reads `metadata` from the table's `meta`; a plain field keeps this (request-side)
    # schema identical to the response one instead of splitting InterviewRead into Input/Output.
    metadata: dict[str, Any] = Field(..., description="Your free-form data.")


class InterviewData(BaseModel):
    """The interview as it was (for `interview.deleted`: just before deletion)."""

    interview: InterviewSnapshot = Field(..., description="The interview.")


class SendData(BaseModel):
    """A send was recorded."""

    send: SendRead = Field(..., description="The send, with its warnings.")


class ReplyData(BaseModel):
    """A reply was recorded."""

    reply: ReplyRead = Field(..., description="The reply.")


class _Event(BaseModel):
    id: uuid.UUID = Field(..., description="The event id; equal to the `webhook-id` header and the same on every retry. "
                          "Use it to drop duplicates: delivery is at least once.")
    timestamp: datetime = Field(..., description="When the event happened, in UTC.")


class NextActionDueEvent(_Event):
    """Sent once per due transition: when an interview's next action (thank-you, check-in, move on) becomes due."""

    type: Literal["next_action.due"] = Field(..., description="The event type.")
    data: NextActionDueData = Field(..., description="What is due.")


class InterviewCreatedEvent(_Event):
    """Sent when an interview is recorded."""

    type: Literal["interview.created"] = Field(..., description="The event type.")
    data: InterviewData = Field(..., description="The new interview.")


class InterviewDeletedEvent(_Event):
    """Sent when an interview is deleted."""

    type: Literal["interview.deleted"] = Field(..., description="The event type.")
    data: InterviewData = Field(..., description="The interview as it was.")


class SendRecordedEvent(_Event):
    """Sent when a send (thank-you or check-in) is recorded."""

    type: Literal["send.recorded"] = Field(..., description="The event type.")
    data: SendData = Field(..., description="The send.")


class ReplyRecordedEvent(_Event):
    """Sent when a reply is recorded."""

    type: Literal["reply.recorded"] = Field(..., description="The event type.")
    data: ReplyData = Field(..., description="The reply.")


EVENT_MODELS: dict[str, type[_Event]] = {
    "next_action.due": NextActionDueEvent,
    "send.recorded": SendRecordedEvent,
    "reply.recorded": ReplyRecordedEvent,
    "interview.created": InterviewCreatedEvent,
    "interview.deleted": InterviewDeletedEvent,
}
