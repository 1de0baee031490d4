"""HTTP for drafts, stateless rendering and templates."""
from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from app.auth.deps import Reader, Writer
from app.db import SessionDep, unit_of_work
from app.drafts import service
from app.drafts.schemas import (
    DraftBatch, DraftCreate, DraftRead, RenderBatch, RenderedDraft, RenderRequest, TemplateCreate, TemplatePreview,
    TemplateRead,
)
from app.interviews import service as interviews
from app.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/v1", tags=["drafts"])


@router.post("/interviews/{interview_id}/drafts", status_code=201, response_model=DraftBatch, summary="Write drafts")
def create_drafts(interview_id: uuid.UUID, payload: DraftCreate, session: SessionDep, principal: Writer) -> DraftBatch:
    """Render and store follow-up drafts for the interview. `kind` defaults to what the next action
    suggests; a check-in after the first one uses the shorter, final wording. Each draft carries its
    Guideline report."""
    return DraftBatch(data=service.create_drafts(session, principal.tenant_id, interview_id, payload))


@router.get("/interviews/{interview_id}/drafts", response_model=Page[DraftRead], summary="List drafts")
def list_drafts(interview_id: uuid.UUID, session: SessionDep, principal: Reader, limit: Limit = 20,
                cursor: Cursor = None) -> Page[DraftRead]:
    """The interview's drafts, newest first."""
    data, next_cursor = service.list_drafts(session, principal.tenant_id, interview_id, limit=limit, cursor=cursor)
    return Page[DraftRead](data=data, next_cursor=next_cursor)


@router.get("/drafts/{draft_id}", response_model=DraftRead, summary="Read a draft")
def get_draft(draft_id: uuid.UUID, session: SessionDep, principal: Reader) -> DraftRead:
    return service.get_draft(session, principal.tenant_id, draft_id)


@router.post("/render", response_model=RenderBatch, summary="Render drafts without storing anything")
async def render(payload: RenderRequest, principal: Reader, request: Request) -> RenderBatch:
    """Interview data in, drafts out, nothing stored: the same text a stored draft gets for the same input.
    `kind` defaults to `thank_you`."""
    facts = interviews.facts_from_fields(**payload.interview.model_dump(mode="python"))
    options = dict(kind=payload.kind, tone=payload.tone, per_interviewer=payload.per_interviewer,
                   template_id=payload.template_id, check_ins_sent=payload.check_ins_sent)
    if payload.template_id and not payload.template_id.startswith(service.BUILTIN_PREFIX):
        def with_session():
            with unit_of_work(request.app.state.engine, write=False) as session:
                return service.render_stateless(session, principal.tenant_id, facts, **options)
        return RenderBatch(data=await run_in_threadpool(with_session))
    # CPU-bound (rendering and scoring): a worker thread keeps the event loop free for others.
    return RenderBatch(data=await run_in_threadpool(
        lambda: service.render_stateless(None, principal.tenant_id, facts, **options)))


@router.get("/templates", response_model=list[TemplateRead], summary="List templates", tags=["templates"])
def list_templates(session: SessionDep, principal: Reader) -> list[TemplateRead]:
    """The built-in templates (every kind × tone) and your uploaded ones."""
    return service.list_templates(session, principal.tenant_id)


@router.post("/templates", status_code=201, response_model=TemplateRead, summary="Upload a template", tags=["templates"])
def create_template(payload: TemplateCreate, session: SessionDep, principal: Writer) -> TemplateRead:
    """Upload Jinja2 sources for a subject and a body. They are compiled in a sandbox now: a syntax
    error is a 422 with its line, and sources that reach for Python internals are refused."""
    return service.create_template(session, principal.tenant_id, payload)


@router.get("/templates/{template_id}", response_model=TemplateRead, summary="Read a template", tags=["templates"])
def get_template(template_id: str, session: SessionDep, principal: Reader) -> TemplateRead:
    return service.get_template(session, principal.tenant_id, template_id)


@router.post("/templates/{template_id}/preview", response_model=RenderedDraft, summary="Preview a template",
             tags=["templates"])
def preview_template(template_id: str, payload: TemplatePreview, session: SessionDep, principal: Reader) -> RenderedDraft:
    """Render the template against a sample interview, an inline one, or a stored one."""
    return service.preview(session, principal.tenant_id, template_id, payload)
