"""Sends, replies, policy and the next action: every query of the follow-up domain lives here.

The rules themselves are the pure `app.followups.rules`; this module feeds them stored facts and
keeps each interview's stored next action (the due-actions index) current.
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, select

from app.core.facts import InterviewFacts
from app.dbtypes import utcnow
from app.errors import InvalidInput
from app.followups import rules
from app.followups.calendar import validate_holiday_country
from app.followups.models import Policy, Reply, Send
from app.followups.schemas import NextActionRead, PolicyRead, PolicyUpdate, ReplyCreate, ReplyRead, SendCreate, SendRead
from app.interviews import service as interviews
from app.interviews.models import Interview
from app.pagination import decode_time_id_cursor, encode_cursor
from app.scoring.report import SendContext
from app.webhooks import outbox

ENDING_OUTCOMES = frozenset({"offer", "rejection", "next_round", "withdrawn"})
FUTURE_TOLERANCE = timedelta(minutes=5)
RECOMPUTE_BATCH = 1000


# --- policy ---------------------------------------------------------------------------------

def get_policy(session: Session, tenant_id: uuid.UUID) -> Policy:
    """The tenant's policy; the defaults (unsaved) until it is first PUT."""
    return session.get(Policy, tenant_id) or Policy(tenant_id=tenant_id)


def policy_values(policy: Policy) -> rules.PolicyValues:
    return rules.PolicyValues(
        thank_you_ideal_hours=policy.thank_you_ideal_hours,
        thank_you_deadline_hours=policy.thank_you_deadline_hours,
        check_in_after_days=policy.check_in_after_days,
        check_in_interval_days=policy.check_in_interval_days,
        max_check_ins=policy.max_check_ins,
        move_on_after_days=policy.move_on_after_days,
        business_days=policy.business_days,
        holiday_country=policy.holiday_country,
    )


def read_policy(session: Session, tenant_id: uuid.UUID) -> PolicyRead:
    policy = session.get(Policy, tenant_id)
    return PolicyRead.model_validate(policy) if policy else PolicyRead()


def put_policy(session: Session, tenant_id: uuid.UUID, data: PolicyUpdate) -> PolicyRead:
    values = data.model_dump()
    if values["holiday_country"] is not None:
        try:
            values["holiday_country"] = validate_holiday_country(values["holiday_country"])
        except ValueError as exc:
            raise InvalidInput.at("/holiday_country", str(exc)) from None
    policy = session.get(Policy, tenant_id, with_for_update=True) or Policy(tenant_id=tenant_id)
    for field, value in values.items():
        setattr(policy, field, value)
    policy.updated_at = utcnow()
    session.add(policy)
    session.flush()
    recompute_tenant(session, tenant_id, policy)
    return PolicyRead.model_validate(policy)


# --- events ---------------------------------------------------------------------------------

def _send_event(send: Send) -> rules.SendEvent:
    return rules.SendEvent(kind=send.kind, sent_at=send.sent_at)


def _reply_event(reply: Reply) -> rules.ReplyEvent:
    return rules.ReplyEvent(outcome=reply.outcome, received_at=reply.received_at, returns_at=reply.returns_at,
                            decision_expected_at=reply.decision_expected_at)


def _sends(session: Session, interview_id: uuid.UUID) -> list[Send]:
    return list(session.exec(select(Send).where(Send.interview_id == interview_id).order_by(Send.sent_at, Send.id)))


def _replies(session: Session, interview_id: uuid.UUID) -> list[Reply]:
    return list(session.exec(
        select(Reply).where(Reply.interview_id == interview_id).order_by(Reply.received_at, Reply.id)))


def _check_event_time(interview: Interview, when: datetime, pointer: str, what: str) -> None:
    if when < interview.interviewed_at:
        raise InvalidInput.at(pointer, f"{what} cannot be before the interview ({interview.interviewed_at.isoformat()})")
    if when > utcnow() + FUTURE_TOLERANCE:
        raise InvalidInput.at(pointer, f"{what} cannot be in the future; record it once it has happened")


def record_send(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID, data: SendCreate) -> SendRead:
    """Record what was sent. A send that breaks the advice is recorded too, with warnings."""
    interview = interviews.get(session, tenant_id, interview_id, for_update=True)
    _check_event_time(interview, data.sent_at, "/sent_at", "sent_at")
    prior = _sends(session, interview.id)
    replies = _replies(session, interview.id)
    policy = get_policy(session, tenant_id)
    event = rules.SendEvent(kind=data.kind, sent_at=data.sent_at)
    warnings = rules.send_warnings(interviews.facts(interview), [_send_event(s) for s in prior],
                                   [_reply_event(r) for r in replies], policy_values(policy), event)
    send = Send(tenant_id=tenant_id, interview_id=interview.id, warnings=warnings,
                **data.model_dump(mode="python", exclude={"to"}), to=data.to.model_dump() if data.to else None)
    session.add(send)
    session.flush()
    refresh(session, interview, policy=policy, sends=[*prior, send], replies=replies)
    result = SendRead.model_validate(send)
    outbox.emit(session, tenant_id, "send.recorded", {"send": result.model_dump(mode="json")}, interview.id)
    return result


def record_reply(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID, data: ReplyCreate) -> ReplyRead:
    interview = interviews.get(session, tenant_id, interview_id, for_update=True)
    _check_event_time(interview, data.received_at, "/received_at", "received_at")
    reply = Reply(tenant_id=tenant_id, interview_id=interview.id, **data.model_dump(mode="python"))
    session.add(reply)
    session.flush()
    refresh(session, interview, replies=[*_replies(session, interview.id)])
    result = ReplyRead.model_validate(reply)
    outbox.emit(session, tenant_id, "reply.recorded", {"reply": result.model_dump(mode="json")}, interview.id)
    return result


def list_sends(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID) -> list[SendRead]:
    interview = interviews.get(session, tenant_id, interview_id)
    return [SendRead.model_validate(s) for s in _sends(session, interview.id)]


def list_replies(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID) -> list[ReplyRead]:
    interview = interviews.get(session, tenant_id, interview_id)
    return [ReplyRead.model_validate(r) for r in _replies(session, interview.id)]


# --- the next action ------------------------------------------------------------------------

def _derived_status(replies: Iterable[Reply], now: datetime) -> str:
    counted = [r for r in replies if r.received_at <= now]
    if any(r.outcome in ENDING_OUTCOMES for r in counted):
        return "closed"
    if any(r.outcome == "update" for r in counted):
        return "responded"
    return "active"


def _apply(interview: Interview, sends: Sequence[Send], replies: Sequence[Reply], policy: rules.PolicyValues,
           now: datetime) -> tuple[str, str | None, datetime | None]:
    due = rules.due_action(interviews.facts(interview), [_send_event(s) for s in sends],
                           [_reply_event(r) for r in replies], policy, now)
    action, due_at = due if due else (None, None)
    return _derived_status(replies, now), action, due_at


def refresh(session: Session, interview: Interview, *, policy: Policy | None = None,
            sends: Sequence[Send] | None = None, replies: Sequence[Reply] | None = None) -> None:
    """Recompute the interview's status and stored next action (the due-actions index)."""
    policy = policy or get_policy(session, interview.tenant_id)
    sends = _sends(session, interview.id) if sends is None else sends
    replies = _replies(session, interview.id) if replies is None else replies
    interview.status, interview.next_action, interview.next_action_at = _apply(
        interview, sends, replies, policy_values(policy), utcnow())
    session.add(interview)
    session.flush()


def next_action(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID, at: datetime | None) -> NextActionRead:
    interview = interviews.get(session, tenant_id, interview_id)
    policy = policy_values(get_policy(session, tenant_id))
    result = rules.next_action(interviews.facts(interview), [_send_event(s) for s in _sends(session, interview.id)],
                               [_reply_event(r) for r in _replies(session, interview.id)], policy, at or utcnow())
    return NextActionRead(interview_id=interview.id, **{
        f: getattr(result, f) for f in NextActionRead.model_fields if f != "interview_id"})


def scoring_context(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID, *, kind: str,
                    at: datetime | None) -> tuple[InterviewFacts, SendContext | None]:
    """The interview and, for a check-in, what its send history says about this one."""
    interview = interviews.get(session, tenant_id, interview_id)
    facts = interviews.facts(interview)
    if kind != "check_in":
        return facts, None
    policy = get_policy(session, tenant_id)
    moment = at or utcnow()
    # Judge the check-in against the events before it, as if it had not been sent yet.
    sends = [_send_event(s) for s in _sends(session, interview.id) if s.sent_at < moment]
    replies = [_reply_event(r) for r in _replies(session, interview.id) if r.received_at < moment]
    answer = rules.next_action(facts, sends, replies, policy_values(policy), moment)
    opens = answer.due_at if "check_in" in (answer.action, answer.after_wait) else None
    return facts, SendContext(check_ins_sent=answer.check_ins_sent, max_check_ins=policy.max_check_ins,
                              check_in_opens_at=opens)


def recompute_tenant(session: Session, tenant_id: uuid.UUID, policy: Policy) -> int:
    """Recompute every stored next action of a tenant, in batches: three queries per batch."""
    values = policy_values(policy)
    now = utcnow()
    count = 0
    last_id: uuid.UUID | None = None
    while True:
        stmt = select(Interview).where(Interview.tenant_id == tenant_id)
        if last_id is not None:
            stmt = stmt.where(Interview.id > last_id)
        batch = list(session.exec(stmt.order_by(Interview.id).limit(RECOMPUTE_BATCH)))
        if not batch:
            return count
        ids = [i.id for i in batch]
        sends: dict[uuid.UUID, list[Send]] = defaultdict(list)
        replies: dict[uuid.UUID, list[Reply]] = defaultdict(list)
        for s in session.exec(select(Send).where(Send.interview_id.in_(ids))):
            sends[s.interview_id].append(s)
        for r in session.exec(select(Reply).where(Reply.interview_id.in_(ids))):
            replies[r.interview_id].append(r)
        rows = []
        for interview in batch:
            status, action, due_at = _apply(interview, sends[interview.id], replies[interview.id], values, now)
            rows.append({"id": interview.id, "status": status, "next_action": action, "next_action_at": due_at})
        session.execute(update(Interview), rows)
        session.expire_all()
        count += len(batch)
        last_id = batch[-1].id


def due_page(session: Session, tenant_id: uuid.UUID, *, action: str | None, due_before: datetime,
             limit: int, cursor: str | None) -> tuple[list[Interview], str | None]:
    """Interviews whose stored next action is due before `due_before`, soonest first: an index range scan."""
    stmt = select(Interview).where(Interview.tenant_id == tenant_id, Interview.next_action_at <= due_before)
    if action is not None:
        stmt = stmt.where(Interview.next_action == action)
    if cursor is not None:
        due_at, last_id = decode_time_id_cursor(cursor)
        stmt = stmt.where(or_(Interview.next_action_at > due_at,
                              and_(Interview.next_action_at == due_at, Interview.id > last_id)))
    rows = list(session.exec(stmt.order_by(Interview.next_action_at, Interview.id).limit(limit + 1)))
    next_cursor = encode_cursor(rows[limit - 1].next_action_at, rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_cursor
