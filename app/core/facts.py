"""Plain, immutable views of an interview that the pure cores read.

The HTTP and database layers build these; the rules engine, the scorer and the
renderer take them and never touch a session or a request.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    title: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Concern:
    concern: str
    response: str | None = None


@dataclass(frozen=True, slots=True)
class InterviewFacts:
    """What the pure cores know of one interview. Datetimes are timezone-aware."""

    candidate: Person
    company: str
    position: str
    interviewers: tuple[Person, ...]
    interviewed_at: datetime
    timezone: str | None = None
    decision_expected_at: datetime | None = None
    highlights: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    concerns: tuple[Concern, ...] = ()
    additional_info: tuple[str, ...] = ()
    metadata: dict = field(default_factory=dict, compare=False, hash=False)
