"""HTTP for interviews: parse, call the service, return a Read schema."""
from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.auth.deps import Reader, Writer
from app.db import SessionDep
from app.idempotency import IdempotencyKeyHeader, idempotent
from app.interviews import service
from app.interviews.schemas import InterviewCreate, InterviewRead, InterviewStatus, InterviewUpdate
from app.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/v1/interviews", tags=["interviews"])


@router.post("", status_code=201, response_model=InterviewRead, summary="Record an interview")
def create_interview(payload: InterviewCreate, session: SessionDep, principal: Writer, request: Request,
                     idempotency_key: IdempotencyKeyHeader = None):
    """Record one interview. Times must carry an offset; they are stored and returned in UTC.
    The response includes the stored next action (usually `send_thank_you`)."""
    return idempotent(
        session, principal.tenant_id, idempotency_key, f"POST {request.url.path}", payload,
        lambda: service.read(service.create(session, principal.tenant_id, payload)),
        ttl_hours=request.app.state.settings.idempotency_ttl_hours,
    )


@router.get("", response_model=Page[InterviewRead], summary="List interviews")
def list_interviews(
    session: SessionDep, principal: Reader, limit: Limit = 20, cursor: Cursor = None,
    status: Annotated[InterviewStatus | None, Query(description="Only interviews with this status.")] = None,
    company: Annotated[str | None, Query(max_length=200, description="Only interviews at this company (exact match).")] = None,
    external_id: Annotated[str | None, Query(max_length=200, description="Only the interview with this external_id.")] = None,
) -> Page[InterviewRead]:
    """Newest first, with cursor pagination."""
    rows, next_cursor = service.list_page(session, principal.tenant_id, limit=limit, cursor=cursor, status=status,
                                          company=company, external_id=external_id)
    return Page[InterviewRead](data=[service.read(r) for r in rows], next_cursor=next_cursor)


@router.get("/{interview_id}", response_model=InterviewRead, summary="Read an interview")
def get_interview(interview_id: uuid.UUID, session: SessionDep, principal: Reader) -> InterviewRead:
    return service.read(service.get(session, principal.tenant_id, interview_id))


@router.patch("/{interview_id}", response_model=InterviewRead, summary="Change an interview")
def update_interview(interview_id: uuid.UUID, payload: InterviewUpdate, session: SessionDep,
                     principal: Writer) -> InterviewRead:
    """Partial update: only the fields sent change; the stored next action is recomputed."""
    return service.read(service.update(session, principal.tenant_id, interview_id, payload))


@router.delete("/{interview_id}", status_code=204, summary="Delete an interview",
               response_class=Response)
def delete_interview(interview_id: uuid.UUID, session: SessionDep, principal: Writer) -> Response:
    """Deletes the interview with its drafts, sends and replies."""
    service.delete(session, principal.tenant_id, interview_id)
    return Response(status_code=204)
