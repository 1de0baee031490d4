"""The plain data a guideline report is made of: spans, guideline results, issues.

Issues follow the shape of LanguageTool's ``matches`` so tools written for it can read ours.
Every offset counts Unicode code points (Python ``str`` indexes) into the note's body.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Literal

Status = Literal["pass", "warn", "fail", "not_applicable"]
Kind = Literal["thank_you", "check_in"]


@dataclass(frozen=True, slots=True)
class SendContext:
    """What is known of the candidate's earlier check-ins when this one is judged."""

    check_ins_sent: int
    max_check_ins: int
    check_in_opens_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class GuidelineResult:
    id: str
    title: str
    status: Status
    score: float
    weight: float
    evidence: list[Span] = field(default_factory=list)
    advice: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    issue_type: str


@dataclass(frozen=True, slots=True)
class Context:
    """A window of the body around an issue; ``offset`` is the issue's start inside ``text``."""

    text: str
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class Issue:
    rule: Rule
    guideline: str
    message: str
    offset: int
    length: int
    replacements: list[str]
    context: Context


@dataclass(frozen=True, slots=True)
class Report:
    overall: int
    guidelines: list[GuidelineResult]
    issues: list[Issue]
    word_count: int
    held_to: list[str]

    def guideline(self, guideline_id: str) -> GuidelineResult:
        for result in self.guidelines:
            if result.id == guideline_id:
                return result
        raise KeyError(guideline_id)

    def as_dict(self) -> dict:
        return asdict(self)


def context_for(body: str, offset: int, length: int, radius: int = 40) -> Context:
    start = max(0, offset - radius)
    end = min(len(body), offset + length + radius)
    return Context(text=body[start:end], offset=offset - start, length=length)
