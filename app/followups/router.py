"""HTTP for sends, replies, policy, the next action, the due-actions list and its calendar feed."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.auth.deps import Admin, Reader, Writer
from app.db import SessionDep
from app.dbtypes import utcnow
from app.errors import InvalidInput
from app.followups import calendar_feed, service
from app.followups.schemas import (
    DueAction, DueActionRead, NextActionRead, PolicyRead, PolicyUpdate, ReplyCreate, ReplyRead, SendCreate, SendRead,
)
from app.idempotency import IdempotencyKeyHeader, idempotent
from app.interviews.schemas import PersonOut
from app.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/v1", tags=["follow-ups"])

At = Annotated[datetime | None, Query(description="Evaluate at this time (RFC 3339 with offset); default now.")]
DueBefore = Annotated[datetime | None, Query(description="Only actions due at or before this time (RFC 3339 with offset); default now.")]
ActionFilter = Annotated[DueAction | None, Query(description="Only this action.")]


def _aware(value: datetime | None, name: str) -> datetime:
    if value is None:
        return utcnow()
    if value.tzinfo is None:
        raise InvalidInput(f"{name} must include a UTC offset or Z.",
                           errors=[{"parameter": name, "detail": "must include a UTC offset or Z (RFC 3339)"}])
    return value


@router.post("/interviews/{interview_id}/sends", status_code=201, response_model=SendRead, summary="Record a send")
def record_send(interview_id: uuid.UUID, payload: SendCreate, session: SessionDep, principal: Writer,
                request: Request, idempotency_key: IdempotencyKeyHeader = None):
    """Record what the candidate sent. A send that breaks the advice (a check-in before its window,
    more check-ins than the policy allows, a late thank-you) is still recorded, with `warnings`."""
    return idempotent(session, principal.tenant_id, idempotency_key, f"POST {request.url.path}", payload,
                      lambda: service.record_send(session, principal.tenant_id, interview_id, payload),
                      ttl_hours=request.app.state.settings.idempotency_ttl_hours)


@router.get("/interviews/{interview_id}/sends", response_model=list[SendRead], summary="List sends")
def list_sends(interview_id: uuid.UUID, session: SessionDep, principal: Reader) -> list[SendRead]:
    """Every send of the interview, oldest first."""
    return service.list_sends(session, principal.tenant_id, interview_id)


@router.post("/interviews/{interview_id}/replies", status_code=201, response_model=ReplyRead, summary="Record a reply")
def record_reply(interview_id: uuid.UUID, payload: ReplyCreate, session: SessionDep, principal: Writer,
                 request: Request, idempotency_key: IdempotencyKeyHeader = None):
    """Record what came back. `out_of_office` needs `returns_at`; `update` may carry a new decision date."""
    return idempotent(session, principal.tenant_id, idempotency_key, f"POST {request.url.path}", payload,
                      lambda: service.record_reply(session, principal.tenant_id, interview_id, payload),
                      ttl_hours=request.app.state.settings.idempotency_ttl_hours)


@router.get("/interviews/{interview_id}/replies", response_model=list[ReplyRead], summary="List replies")
def list_replies(interview_id: uuid.UUID, session: SessionDep, principal: Reader) -> list[ReplyRead]:
    """Every reply of the interview, oldest first."""
    return service.list_replies(session, principal.tenant_id, interview_id)


@router.get("/interviews/{interview_id}/next-action", response_model=NextActionRead, summary="What to do next")
def get_next_action(interview_id: uuid.UUID, session: SessionDep, principal: Reader, at: At = None) -> NextActionRead:
    """The next action at time `at` (default now), by the rules in the README. Only sends and
    replies at or before `at` count."""
    return service.next_action(session, principal.tenant_id, interview_id, _aware(at, "at") if at else None)


def _due_rows(session, principal, action, due_before, limit, cursor):
    rows, next_cursor = service.due_page(session, principal.tenant_id, action=action,
                                         due_before=_aware(due_before, "due_before"), limit=limit, cursor=cursor)
    return [
        DueActionRead(interview_id=r.id, external_id=r.external_id, candidate=PersonOut(**r.candidate),
                      company=r.company, position=r.position, action=r.next_action, due_at=r.next_action_at)
        for r in rows
    ], next_cursor


@router.get("/next-actions", response_model=Page[DueActionRead], summary="Due actions, for reminder jobs")
def list_due_actions(session: SessionDep, principal: Reader, action: ActionFilter = None,
                     due_before: DueBefore = None, limit: Limit = 50, cursor: Cursor = None) -> Page[DueActionRead]:
    """Every interview whose stored next action is due at or before `due_before`, soonest first.
    Served from the stored next action (an index range scan), kept current on every change."""
    data, next_cursor = _due_rows(session, principal, action, due_before, limit, cursor)
    return Page[DueActionRead](data=data, next_cursor=next_cursor)


@router.get("/next-actions.ics", summary="Due actions as an iCalendar feed",
            response_class=Response, responses={200: {"content": {"text/calendar": {}},
                                                       "description": "An iCalendar (RFC 5545) feed."}})
def due_actions_feed(session: SessionDep, principal: Reader, action: ActionFilter = None,
                     due_before: DueBefore = None, limit: Annotated[int, Query(ge=1, le=1000, description="Events at most.")] = 500) -> Response:
    """The same due actions as calendar events with stable UIDs (one per interview), so a
    subscribed calendar updates an event when the action moves instead of adding another.
    Without `due_before`, the feed includes actions due in the next 60 days."""
    horizon = _aware(due_before, "due_before") if due_before else utcnow() + calendar_feed.DEFAULT_HORIZON
    data, _ = _due_rows(session, principal, action, horizon, limit, None)
    return Response(calendar_feed.render(data), media_type="text/calendar; charset=utf-8")


@router.get("/policy", response_model=PolicyRead, summary="Read the policy", tags=["policy"])
def get_policy(session: SessionDep, principal: Reader) -> PolicyRead:
    """The tenant's follow-up policy (the defaults until it is first changed)."""
    return service.read_policy(session, principal.tenant_id)


@router.put("/policy", response_model=PolicyRead, summary="Replace the policy", tags=["policy"])
def put_policy(payload: PolicyUpdate, session: SessionDep, principal: Admin) -> PolicyRead:
    """Replace the policy (fields left out take their defaults). Every stored next action of the
    tenant is recomputed in the same transaction. Needs the `admin` scope."""
    return service.put_policy(session, principal.tenant_id, payload)
