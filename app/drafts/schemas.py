"""Draft, render and template schemas."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.interviews.schemas import EXAMPLE_INTERVIEW, InterviewFields, PersonOut, Strict
from app.scoring.schemas import ReportOut

Kind = Literal["thank_you", "check_in"]
Tone = Literal["formal", "warm", "concise"]
TemplateRef = Annotated[str, StringConstraints(min_length=1, max_length=80)]
TEMPLATE_ID_DOC = ("A built-in template (`builtin:<kind>:<tone>`, e.g. `builtin:thank_you:warm`, or "
                   "`builtin:final_check_in:formal`) or the id of one of your uploaded templates.")


class DraftOptions(Strict):
    kind: Kind | None = Field(None, description="thank_you or check_in; default: what the next action suggests.")
    tone: Tone = Field("warm", description="formal, warm or concise.")
    per_interviewer: bool = Field(False, description="One draft per interviewer, each thanking that person by name; otherwise one note to all.")
    template_id: TemplateRef | None = Field(None, description=TEMPLATE_ID_DOC + " Default: the built-in for kind and tone.")


class DraftCreate(DraftOptions):
    model_config = ConfigDict(json_schema_extra={"examples": [{"tone": "warm", "per_interviewer": True}]})


class RenderRequest(DraftOptions):
    model_config = ConfigDict(json_schema_extra={"examples": [{"interview": EXAMPLE_INTERVIEW, "kind": "thank_you", "tone": "formal"}]})

    interview: InterviewFields = Field(..., description="The interview, inline; nothing is stored.")
    check_ins_sent: int = Field(0, ge=0, le=10, description="Check-ins already sent; from 1 on, a check-in uses the shorter final wording.")


class RenderedDraft(BaseModel):
    kind: Kind = Field(..., description="thank_you or check_in.")
    tone: Tone = Field(..., description="formal, warm or concise.")
    to: PersonOut = Field(..., description="The recipient.")
    subject: str = Field(..., description="Subject line.")
    body_text: str = Field(..., description="Plain-text body (not escaped).")
    body_html: str = Field(..., description="HTML body: paragraphs, every interview field escaped.")
    template_id: str = Field(..., description="The template used.")
    mailto: str = Field(..., description="A `mailto:` link with subject and body, RFC 6068 percent-encoded.")
    report: ReportOut = Field(..., description="The draft's Guideline report.")


class DraftRead(RenderedDraft):
    id: uuid.UUID = Field(..., description="The draft's id.")
    interview_id: uuid.UUID = Field(..., description="The interview it was written for.")
    created_at: datetime = Field(..., description="When it was rendered.")


class DraftBatch(BaseModel):
    data: list[DraftRead] = Field(..., description="The drafts: one, or one per interviewer.")


class RenderBatch(BaseModel):
    data: list[RenderedDraft] = Field(..., description="The rendered drafts: one, or one per interviewer.")


Source = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class TemplateCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "Short and warm",
        "kind": "thank_you",
        "subject_source": "Thank you, {{ interviewer.name }}",
        "body_source": "Hi {{ interviewer.first_name }},\n\nThank you for talking with me about the {{ position }} role at "
                       "{{ company }}.{% if highlights %} I especially enjoyed {{ highlights[0] }}.{% endif %}\n\n"
                       "I look forward to hearing from you.\n\nBest,\n{{ candidate.name }}",
    }]})

    name: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(..., description="A label.")
    kind: Kind = Field(..., description="The kind of note it writes.")
    tone: Tone | None = Field(None, description="The tone, for your own bookkeeping.")
    subject_source: Source = Field(..., description="Jinja2 source of the subject line.")
    body_source: Source = Field(..., description="Jinja2 source of the plain-text body. Rendered in a sandbox; see the README for the variables.")


class TemplateRead(BaseModel):
    id: str = Field(..., description="`builtin:<kind>:<tone>` or a UUID.")
    name: str = Field(..., description="A label.")
    kind: Kind = Field(..., description="The kind of note it writes.")
    tone: Tone | None = Field(None, description="Its tone.")
    builtin: bool = Field(..., description="True for the service's own templates.")
    subject_source: str | None = Field(None, description="Jinja2 source of the subject (uploaded templates only).")
    body_source: str | None = Field(None, description="Jinja2 source of the body (uploaded templates only).")
    created_at: datetime | None = Field(None, description="When it was uploaded.")


class TemplatePreview(Strict):
    """Empty for the sample interview; or an inline interview, or a stored one's id."""

    model_config = ConfigDict(json_schema_extra={"examples": [{}]})

    interview: InterviewFields | None = Field(None, description="Render against this interview (inline).")
    interview_id: uuid.UUID | None = Field(None, description="Render against this stored interview.")

    @model_validator(mode="after")
    def _one_interview(self) -> "TemplatePreview":
        if self.interview is not None and self.interview_id is not None:
            raise ValueError("give either interview or interview_id, not both")
        return self
