"""Interview business rules and every query about interviews."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.core.facts import Concern, InterviewFacts, Person
from app.dbtypes import utcnow
from app.errors import Conflict, NotFound
from app.interviews.models import Interview
from app.interviews.schemas import InterviewCreate, InterviewRead, InterviewUpdate
from app.pagination import keyset_page
from app.webhooks import outbox


def get(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID, *, for_update: bool = False) -> Interview:
    """The tenant's interview, or a 404 exactly as if it did not exist.

    `for_update` locks the row on PostgreSQL so concurrent sends and replies for one interview
    serialise their next-action recompute (SQLite already serialises writers).
    """
    stmt = select(Interview).where(Interview.id == interview_id, Interview.tenant_id == tenant_id)
    if for_update:
        stmt = stmt.with_for_update()
    interview = session.exec(stmt).first()
    if interview is None:
        raise NotFound(f"No interview {interview_id}.")
    return interview


def _check_external_id(session: Session, tenant_id: uuid.UUID, external_id: str | None,
                       own_id: uuid.UUID | None = None) -> None:
    if external_id is None:
        return
    existing = session.exec(
        select(Interview.id).where(Interview.tenant_id == tenant_id, Interview.external_id == external_id)
    ).first()
    if existing is not None and existing != own_id:
        raise _duplicate(external_id, existing)


def _duplicate(external_id: str, existing: uuid.UUID | None) -> Conflict:
    return Conflict(
        f"An interview with external_id {external_id!r} already exists" + (f": {existing}." if existing else "."),
        errors=[{"pointer": "/external_id", "detail": "already used by another interview of this tenant"}],
        extra={"existing_id": str(existing) if existing else None},
    )


def _store(payload: dict) -> dict:
    """Model fields → column values (metadata is `meta` on the table)."""
    if "metadata" in payload:
        payload["meta"] = payload.pop("metadata")
    return payload


def create(session: Session, tenant_id: uuid.UUID, data: InterviewCreate) -> Interview:
    from app.followups import service as followups

    _check_external_id(session, tenant_id, data.external_id)
    interview = Interview(tenant_id=tenant_id, **_store(data.model_dump(mode="python")))
    session.add(interview)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # A concurrent create took the external_id between our check and our insert.
        raise _duplicate(data.external_id or "", None) from None
    followups.refresh(session, interview)
    outbox.emit(session, tenant_id, "interview.created", {"interview": read(interview).model_dump(mode="json")},
                interview.id)
    return interview


def update(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID, data: InterviewUpdate) -> Interview:
    from app.followups import service as followups

    interview = get(session, tenant_id, interview_id, for_update=True)
    changes = data.model_dump(mode="python", exclude_unset=True)
    if "external_id" in changes:
        _check_external_id(session, tenant_id, changes["external_id"], own_id=interview.id)
    for field, value in _store(changes).items():
        setattr(interview, field, value)
    interview.updated_at = utcnow()
    session.add(interview)
    followups.refresh(session, interview)
    return interview


def delete(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID) -> None:
    interview = get(session, tenant_id, interview_id, for_update=True)
    snapshot = read(interview).model_dump(mode="json")
    session.delete(interview)  # drafts, sends and replies go with it (ON DELETE CASCADE)
    session.flush()
    outbox.emit(session, tenant_id, "interview.deleted", {"interview": snapshot}, interview_id)


def list_page(session: Session, tenant_id: uuid.UUID, *, limit: int, cursor: str | None, status: str | None,
              company: str | None, external_id: str | None) -> tuple[list[Interview], str | None]:
    """Newest first, keyset-paginated on (created_at, id)."""
    stmt = select(Interview).where(Interview.tenant_id == tenant_id)
    if status is not None:
        stmt = stmt.where(Interview.status == status)
    if company is not None:
        stmt = stmt.where(Interview.company == company)
    if external_id is not None:
        stmt = stmt.where(Interview.external_id == external_id)
    return keyset_page(session, stmt, Interview.created_at, Interview.id, limit=limit, cursor=cursor)


def read(interview: Interview) -> InterviewRead:
    return InterviewRead.model_validate(interview)


def facts(interview: Interview) -> InterviewFacts:
    """The plain view the pure cores read."""
    return facts_from_fields(
        candidate=interview.candidate, company=interview.company, position=interview.position,
        interviewers=interview.interviewers, interviewed_at=interview.interviewed_at,
        timezone=interview.timezone, decision_expected_at=interview.decision_expected_at,
        highlights=interview.highlights, strengths=interview.strengths, concerns=interview.concerns,
        additional_info=interview.additional_info, metadata=interview.meta,
    )


def facts_from_fields(*, candidate: dict, company: str, position: str, interviewers: list[dict],
                      interviewed_at: datetime, timezone: str | None = None,
                      decision_expected_at: datetime | None = None, highlights=(), strengths=(), concerns=(),
                      additional_info=(), metadata: dict | None = None) -> InterviewFacts:
    return InterviewFacts(
        candidate=Person(candidate["name"], None, candidate.get("email")),
        company=company,
        position=position,
        interviewers=tuple(Person(p["name"], p.get("title"), p.get("email")) for p in interviewers),
        interviewed_at=interviewed_at,
        timezone=timezone,
        decision_expected_at=decision_expected_at,
        highlights=tuple(highlights),
        strengths=tuple(strengths),
        concerns=tuple(Concern(c["concern"], c.get("response")) for c in concerns),
        additional_info=tuple(additional_info),
        metadata=dict(metadata or {}),
    )
