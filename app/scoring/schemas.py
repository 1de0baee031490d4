"""Wire schemas of the Guideline report and of POST /v1/score."""
from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.interviews.schemas import InterviewFields, Strict, UtcDatetime
from app.scoring.scorer import WEIGHTS

MAX_NOTE_CHARS = 100_000
NoteBody = Annotated[str, StringConstraints(max_length=MAX_NOTE_CHARS)]
WEIGHTS_DOC = ", ".join(f"`{k}` {v:g}" for k, v in WEIGHTS.items())
OFFSETS_DOC = "Offsets and lengths count Unicode code points (Python `str` indexes) into `body`, not bytes or UTF-16 units."


class SpanOut(BaseModel):
    start: int = Field(..., description="Start offset in the body (code points).")
    end: int = Field(..., description="End offset in the body, exclusive (code points).")
    text: str = Field(..., description="The body's text between start and end.")


class GuidelineOut(BaseModel):
    id: str = Field(..., description="thanks, interest, concerns, additional_info, enthusiastic_close, promptness, personalization, proofreading, patience or brevity.")
    title: str = Field(..., description="Human-readable name of the guideline.")
    status: Literal["pass", "warn", "fail", "not_applicable"] = Field(..., description="How the note fares on it.")
    score: float = Field(..., ge=0, le=1, description="0–1; pass is 1, fail 0, warn in between.")
    weight: float = Field(..., description=f"Weight in `overall`: {WEIGHTS_DOC}.")
    evidence: list[SpanOut] = Field(..., description="Where in the body the judgement comes from. " + OFFSETS_DOC)
    advice: str = Field(..., description="One line the candidate can act on.")


class RuleOut(BaseModel):
    id: str = Field(..., description="Rule id, LanguageTool-style (e.g. MORFOLOGIK_RULE_EN_US, EN_A_VS_AN).")
    category: str = Field(..., description="Rule category (e.g. TYPOS, GRAMMAR, STYLE).")
    issue_type: str = Field(..., description="misspelling, grammar, typographical or style.")


class ContextOut(BaseModel):
    text: str = Field(..., description="A window of the body around the issue.")
    offset: int = Field(..., description="The issue's start inside `text`.")
    length: int = Field(..., description="The issue's length inside `text`.")


class IssueOut(BaseModel):
    rule: RuleOut = Field(..., description="Which rule found it.")
    guideline: str = Field(..., description="The guideline it counts against.")
    message: str = Field(..., description="What is wrong.")
    offset: int = Field(..., description="Start in the body. " + OFFSETS_DOC)
    length: int = Field(..., description="Length in code points.")
    replacements: list[str] = Field(..., description="Suggested replacements, best first.")
    context: ContextOut = Field(..., description="The surrounding text.")


class ReportOut(BaseModel):
    """A Guideline report. `overall` is the weighted mean of the applicable guidelines' scores × 100."""

    overall: int = Field(..., ge=0, le=100, description=f"0–100: weighted mean of applicable guideline scores ({WEIGHTS_DOC}).")
    guidelines: list[GuidelineOut] = Field(..., description="Every guideline with its status; check-ins are held to fewer (see `held_to`).")
    issues: list[IssueOut] = Field(..., description="Proofreading and tone issues, in LanguageTool's `matches` shape. " + OFFSETS_DOC)
    word_count: int = Field(..., description="Words in the body.")
    held_to: list[str] = Field(..., description="The guidelines this kind of note is held to.")


class ScoreRequest(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "kind": "thank_you",
        "subject": "Thank you for today's conversation",
        "body": "Dear Lucia,\n\nThank you for taking the time to talk with me today about the Senior Data Engineer role. "
                "I enjoyed our discussion of moving the claims pipeline to streaming...\n\nBest regards,\nPriya",
        "interview_id": "3f0c8a4e-5d7b-4c1e-9a38-2b1f0e6d7c55",
        "sent_at": "2026-03-10T19:30:00-05:00",
    }]})

    kind: Literal["thank_you", "check_in"] = Field(..., description="The kind of note.")
    subject: Annotated[str, StringConstraints(max_length=500)] | None = Field(None, description="Subject line, if any.")
    body: NoteBody = Field(..., description=f"The note's text (at most {MAX_NOTE_CHARS} characters).")
    interview: InterviewFields | None = Field(None, description="The interview, inline (nothing is stored). Give this or `interview_id`, or neither for a text-only score.")
    interview_id: uuid.UUID | None = Field(None, description="A stored interview: its data and send history are used (promptness of a check-in, check-ins beyond the policy).")
    sent_at: UtcDatetime | None = Field(None, description="When it was or will be sent; promptness is judged against it (default now).")

    @model_validator(mode="after")
    def _one_interview(self) -> "ScoreRequest":
        if self.interview is not None and self.interview_id is not None:
            raise ValueError("give either interview or interview_id, not both")
        return self
