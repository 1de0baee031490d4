"""Send, reply, policy and next-action schemas."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.interviews.schemas import PersonIn, PersonOut, Strict, UtcDatetime

SendKind = Literal["thank_you", "check_in"]
Channel = Literal["email", "phone", "linkedin", "other"]
Outcome = Literal["offer", "rejection", "next_round", "withdrawn", "update", "out_of_office"]
Action = Literal["send_thank_you", "wait", "check_in", "move_on", "done"]
DueAction = Literal["send_thank_you", "check_in", "move_on"]
Body = Annotated[str, StringConstraints(max_length=20_000)]


class SendCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "kind": "thank_you", "channel": "email", "sent_at": "2026-03-10T19:30:00-05:00",
        "to": {"name": "Lucia Alvarez", "email": "lucia@northwind.example"},
        "subject": "Thank you for today's conversation",
    }]})

    kind: SendKind = Field(..., description="What was sent: the thank-you note or a check-in.")
    channel: Channel = Field("email", description="How it was sent.")
    sent_at: UtcDatetime = Field(..., description="When it was sent (RFC 3339 with offset); not before the interview, not in the future.")
    draft_id: uuid.UUID | None = Field(None, description="The draft it was based on, if any.")
    to: PersonIn | None = Field(None, description="Who it was sent to.")
    subject: Annotated[str, StringConstraints(max_length=500)] | None = Field(None, description="Subject line as sent.")
    body: Body | None = Field(None, description="Text as sent.")


class SendRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(..., description="The send's id.")
    interview_id: uuid.UUID = Field(..., description="The interview it belongs to.")
    kind: SendKind = Field(..., description="thank_you or check_in.")
    channel: Channel = Field(..., description="email, phone, linkedin or other.")
    sent_at: datetime = Field(..., description="When it was sent, in UTC.")
    draft_id: uuid.UUID | None = Field(None, description="The draft it was based on.")
    to: PersonOut | None = Field(None, description="Recipient.")
    subject: str | None = Field(None, description="Subject line.")
    body: str | None = Field(None, description="Text as sent.")
    warnings: list[str] = Field(..., description="Where this send broke the advice (it is recorded all the same).")
    created_at: datetime = Field(..., description="When it was recorded.")


class ReplyCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "received_at": "2026-03-16T09:12:00-05:00", "outcome": "update",
        "note": "Still interviewing; decision by the end of the month.",
        "decision_expected_at": "2026-03-31T17:00:00-05:00",
    }]})

    received_at: UtcDatetime = Field(..., description="When it arrived (RFC 3339 with offset); not before the interview, not in the future.")
    outcome: Outcome = Field(..., description="`offer`, `rejection`, `next_round`, `withdrawn` end the cadence; `update` restarts it; `out_of_office` pauses it until `returns_at`.")
    note: Annotated[str, StringConstraints(max_length=5_000)] | None = Field(None, description="Free text, e.g. what they said.")
    returns_at: UtcDatetime | None = Field(None, description="Required for `out_of_office`: when the person is back.")
    decision_expected_at: UtcDatetime | None = Field(None, description="For `update`: their new decision date, replacing the interview's.")

    @model_validator(mode="after")
    def _outcome_fields(self) -> "ReplyCreate":
        if self.outcome == "out_of_office":
            if self.returns_at is None:
                raise ValueError("returns_at is required when outcome is out_of_office")
            if self.returns_at <= self.received_at:
                raise ValueError("returns_at must be after received_at")
        elif self.returns_at is not None:
            raise ValueError("returns_at is only for outcome out_of_office")
        if self.decision_expected_at is not None and self.outcome != "update":
            raise ValueError("decision_expected_at is only for outcome update")
        return self


class ReplyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(..., description="The reply's id.")
    interview_id: uuid.UUID = Field(..., description="The interview it belongs to.")
    received_at: datetime = Field(..., description="When it arrived, in UTC.")
    outcome: Outcome = Field(..., description="What it said.")
    note: str | None = Field(None, description="Free text.")
    returns_at: datetime | None = Field(None, description="For out_of_office: when they are back.")
    decision_expected_at: datetime | None = Field(None, description="For update: the new decision date.")
    created_at: datetime = Field(..., description="When it was recorded.")


class PolicyFields(BaseModel):
    thank_you_ideal_hours: int = Field(24, ge=1, le=168, description="Send the thank-you within this many hours (ideal).")
    thank_you_deadline_hours: int = Field(48, ge=1, le=336, description="After this many hours the thank-you is late (≥ ideal).")
    check_in_after_days: int = Field(7, ge=1, le=60, description="Days after the thank-you before the first check-in.")
    check_in_interval_days: int = Field(7, ge=1, le=60, description="Days between check-ins.")
    max_check_ins: int = Field(2, ge=0, le=5, description="Check-ins at most; then move on.")
    move_on_after_days: int = Field(7, ge=1, le=90, description="Days after the last check-in before advising to move on.")
    business_days: bool = Field(False, description="Count days Monday–Friday in the interview's time zone (hours stay elapsed hours).")
    holiday_country: Annotated[str, StringConstraints(min_length=2, max_length=8)] | None = Field(
        None, description="ISO 3166 country code (optionally with subdivision, e.g. `US` or `DE`); with `business_days`, its public holidays are skipped too.")


class PolicyUpdate(PolicyFields):
    """PUT replaces the whole policy: fields left out take their defaults."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"business_days": True, "holiday_country": "US", "max_check_ins": 1}]})

    @model_validator(mode="after")
    def _deadline_after_ideal(self) -> "PolicyUpdate":
        if self.thank_you_deadline_hours < self.thank_you_ideal_hours:
            raise ValueError("thank_you_deadline_hours must be at least thank_you_ideal_hours")
        return self


class PolicyRead(PolicyFields):
    model_config = ConfigDict(from_attributes=True)

    updated_at: datetime | None = Field(None, description="When it last changed; null while the defaults apply.")


class NextActionRead(BaseModel):
    interview_id: uuid.UUID = Field(..., description="The interview.")
    action: Action = Field(..., description="What to do: send_thank_you, wait, check_in, move_on, or done.")
    reason: str = Field(..., description="Why, in a sentence the candidate understands.")
    due_at: datetime | None = Field(None, description="When it is due (for `wait`: when the wait ends), in UTC.")
    after_wait: Action | None = Field(None, description="For `wait`: the action that follows.")
    late: bool = Field(..., description="True when the action is past its deadline (a thank-you after the deadline hours).")
    check_ins_sent: int = Field(..., description="Check-ins counted in the current cadence.")
    check_ins_remaining: int = Field(..., description="Check-ins the policy still allows.")
    last_contact_at: datetime | None = Field(None, description="The last send or update reply counted, in UTC.")
    evaluated_at: datetime = Field(..., description="The time the rules were evaluated at (`at`), in UTC.")
    suggested_draft_kind: SendKind | None = Field(None, description="The draft kind to prepare for this action, if any.")


class DueActionRead(BaseModel):
    interview_id: uuid.UUID = Field(..., description="The interview.")
    external_id: str | None = Field(None, description="Your id for it.")
    candidate: PersonOut = Field(..., description="The job seeker.")
    company: str = Field(..., description="Company.")
    position: str = Field(..., description="Position.")
    action: DueAction = Field(..., description="The action that is due.")
    due_at: datetime = Field(..., description="When it became (or becomes) due, in UTC.")
