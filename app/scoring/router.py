"""HTTP for POST /v1/score: any text in, a Guideline report out."""
from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from app.auth.deps import Reader
from app.db import unit_of_work
from app.followups import service as followups
from app.interviews import service as interviews
from app.scoring import score_note
from app.scoring.report import Report
from app.scoring.schemas import ReportOut, ScoreRequest

router = APIRouter(prefix="/v1", tags=["scoring"])


def report_out(report: Report) -> ReportOut:
    # Read the dataclasses' attributes directly: `asdict` deep-copies the whole report first.
    return ReportOut.model_validate(report, from_attributes=True)


@router.post("/score", response_model=ReportOut, summary="Score and proofread a note")
async def score(payload: ScoreRequest, principal: Reader, request: Request) -> ReportOut:
    """Judge a note against the follow-up guidelines and proofread it. Nothing is stored.

    With `interview_id`, the stored interview and its send history are used: a check-in's
    promptness is judged against its window, and a check-in beyond the policy's limit fails
    `patience`."""
    facts, history = None, None
    if payload.interview_id is not None:
        def load():
            with unit_of_work(request.app.state.engine, write=False) as session:
                return followups.scoring_context(session, principal.tenant_id, payload.interview_id,
                                                 kind=payload.kind, at=payload.sent_at)
        facts, history = await run_in_threadpool(load)
    elif payload.interview is not None:
        facts = interviews.facts_from_fields(**payload.interview.model_dump(mode="python"))
    # In a worker thread: a 10,000-word note takes ~0.3 s, and on the event loop every other
    # connection would wait behind it; threads share the interpreter in 5 ms slices instead.
    report = await run_in_threadpool(partial(score_note, payload.body, kind=payload.kind, subject=payload.subject,
                                             interview=facts, sent_at=payload.sent_at, history=history))
    return report_out(report)
