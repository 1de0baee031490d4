"""Interview request and response schemas: bounded, strict, documented."""
from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, field_validator

EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,63}$"

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Item = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254, pattern=EMAIL_PATTERN)]


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_utc)]
MAX_METADATA_BYTES = 4096


def _valid_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{name!r} is not an IANA time zone name (e.g. Europe/Berlin)") from exc
    return name


TimezoneName = Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(_valid_timezone)]


def _check_metadata_size(value: dict[str, Any]) -> dict[str, Any]:
    if len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()) > MAX_METADATA_BYTES:
        raise ValueError(f"metadata is larger than {MAX_METADATA_BYTES} bytes as JSON")
    return value


# Fields a PATCH may omit but not null out.
_NOT_NULLABLE = ("candidate", "company", "position", "interviewers", "interviewed_at", "highlights",
                 "strengths", "concerns", "additional_info", "metadata")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PersonIn(Strict):
    name: Name = Field(..., description="Full name as it should appear in a greeting.")
    email: Email | None = Field(None, description="E-mail address, used for the draft's `mailto` link.")


class InterviewerIn(PersonIn):
    title: ShortText | None = Field(None, description="Job title, e.g. Engineering Manager.")


class ConcernIn(Strict):
    concern: Item = Field(..., description="A concern or question raised in the interview.")
    response: Item | None = Field(None, description="The candidate's answer to it, woven into the thank-you note.")


class InterviewFields(Strict):
    """Fields shared by create and update; bounds apply to both."""

    candidate: PersonIn = Field(..., description="The job seeker.")
    company: ShortText = Field(..., description="Company interviewed with.")
    position: ShortText = Field(..., description="Position interviewed for.")
    interviewers: list[InterviewerIn] = Field(..., min_length=1, max_length=20,
                                              description="Everyone who interviewed the candidate (1–20).")
    interviewed_at: UtcDatetime = Field(..., description="When the interview took place: RFC 3339 with an offset; a naive time is rejected. Stored and returned in UTC.")
    timezone: TimezoneName | None = Field(None, description="IANA time zone of the candidate, used for business days and dates in words (UTC if absent).")
    decision_expected_at: UtcDatetime | None = Field(None, description="When they said they would decide (RFC 3339 with offset). The first check-in waits until the day after.")
    highlights: list[Item] = Field(default_factory=list, max_length=20, description="Specific points from the conversation, woven into the note.")
    strengths: list[Item] = Field(default_factory=list, max_length=20, description="Why the candidate fits: strengths and qualifications.")
    concerns: list[ConcernIn] = Field(default_factory=list, max_length=20, description="Concerns or questions raised, each with the candidate's response.")
    additional_info: list[Item] = Field(default_factory=list, max_length=20, description="Information the candidate could not give fully in the interview.")
    metadata: dict[str, Any] = Field(default_factory=dict, description=f"Free-form caller data, at most {MAX_METADATA_BYTES} bytes as JSON.")

    @field_validator("metadata")
    @classmethod
    def _small_metadata(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _check_metadata_size(value)


EXAMPLE_INTERVIEW = {
    "external_id": "ats-4711",
    "candidate": {"name": "Priya Raman", "email": "priya@example.com"},
    "company": "Northwind Health",
    "position": "Senior Data Engineer",
    "interviewers": [
        {"name": "Lucia Alvarez", "title": "Director of Data", "email": "lucia@northwind.example"},
        {"name": "Ben Okafor", "title": "Staff Engineer"},
    ],
    "interviewed_at": "2026-03-10T14:00:00-05:00",
    "timezone": "America/Chicago",
    "decision_expected_at": "2026-03-20T17:00:00-05:00",
    "highlights": ["moving the claims pipeline from nightly batches to streaming", "the on-call rotation redesign"],
    "strengths": ["six years building HIPAA-compliant data platforms", "mentoring junior engineers"],
    "concerns": [{"concern": "no Kafka in production", "response": "I ran Kinesis at scale and have since built a Kafka side project"}],
    "additional_info": ["my portfolio at https://priya.example/dataplatform"],
    "metadata": {"source": "careers-site"},
}


class InterviewCreate(InterviewFields):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_INTERVIEW]})

    external_id: ShortText | None = Field(None, description="Your own id for this interview; unique per tenant (a duplicate is a 409).")


class InterviewUpdate(Strict):
    """Partial update: only the fields sent change. Required fields may not be set to null."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"decision_expected_at": "2026-03-27T17:00:00-05:00"}]})

    external_id: ShortText | None = Field(None, description=InterviewCreate.model_fields["external_id"].description)
    candidate: PersonIn | None = Field(None, description="The job seeker.")
    company: ShortText | None = Field(None, description="Company interviewed with.")
    position: ShortText | None = Field(None, description="Position interviewed for.")
    interviewers: list[InterviewerIn] | None = Field(None, min_length=1, max_length=20, description="Replaces the interviewer list (1–20).")
    interviewed_at: UtcDatetime | None = Field(None, description="When the interview took place (RFC 3339 with offset).")
    timezone: TimezoneName | None = Field(None, description="IANA time zone, or null to clear.")
    decision_expected_at: UtcDatetime | None = Field(None, description="When a decision is expected, or null to clear.")
    highlights: list[Item] | None = Field(None, max_length=20, description="Replaces the highlights.")
    strengths: list[Item] | None = Field(None, max_length=20, description="Replaces the strengths.")
    concerns: list[ConcernIn] | None = Field(None, max_length=20, description="Replaces the concerns.")
    additional_info: list[Item] | None = Field(None, max_length=20, description="Replaces the additional information.")
    metadata: dict[str, Any] | None = Field(None, description="Replaces the metadata.")

    @field_validator(*_NOT_NULLABLE, mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may not be null; omit the field to leave it unchanged")
        return value

    @field_validator("metadata")
    @classmethod
    def _small_metadata(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return value if value is None else _check_metadata_size(value)


class PersonOut(BaseModel):
    name: str = Field(..., description="Full name.")
    email: str | None = Field(None, description="E-mail address.")


class InterviewerOut(PersonOut):
    title: str | None = Field(None, description="Job title.")


class ConcernOut(BaseModel):
    concern: str = Field(..., description="The concern raised.")
    response: str | None = Field(None, description="The candidate's response.")


InterviewStatus = Literal["active", "responded", "closed"]


class InterviewRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(..., description="The interview's id.")
    external_id: str | None = Field(None, description="Your own id, if you gave one.")
    candidate: PersonOut = Field(..., description="The job seeker.")
    company: str = Field(..., description="Company.")
    position: str = Field(..., description="Position.")
    interviewers: list[InterviewerOut] = Field(..., description="Interviewers.")
    interviewed_at: datetime = Field(..., description="When the interview took place, in UTC.")
    timezone: str | None = Field(None, description="IANA time zone.")
    decision_expected_at: datetime | None = Field(None, description="When a decision is expected, in UTC.")
    highlights: list[str] = Field(..., description="Points from the conversation.")
    strengths: list[str] = Field(..., description="The candidate's strengths.")
    concerns: list[ConcernOut] = Field(..., description="Concerns and responses.")
    additional_info: list[str] = Field(..., description="Additional information.")
    metadata: dict[str, Any] = Field(..., validation_alias="meta", description="Your free-form data.")
    status: InterviewStatus = Field(..., description="Derived: `active` (cadence running), `responded` (they replied with an update), `closed` (offer, rejection, next round or withdrawn).")
    next_action: str | None = Field(None, description="The stored next action (see /next-action for the full answer).")
    next_action_at: datetime | None = Field(None, description="When the stored next action becomes due, in UTC.")
    created_at: datetime = Field(..., description="When it was recorded.")
    updated_at: datetime = Field(..., description="When it last changed.")
