"""Sends, replies, policy and the next action: every query of the follow-up domain lives here.

The rules themselves are the pure `app.followups.rules`; this module feeds them stored facts and
keeps each interview's stored next action (the due-actions index) current.
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam, literal, null, type_coerce, union_all, update
from sqlalchemy.engine import Row
from sqlmodel import Session, select

from app.core.facts import InterviewFacts, Person
from app.dbtypes import UTCDateTime, utcnow
from app.errors import InvalidInput, NotFound
from app.followups import rules
from app.followups.calendar import validate_holiday_country
from app.followups.models import Policy, Reply, Send
from app.followups.schemas import NextActionRead, PolicyRead, PolicyUpdate, ReplyCreate, ReplyRead, SendCreate, SendRead
from app.interviews import service as interviews
from app.interviews.models import Interview
from app.pagination import keyset_page
from app.scoring.report import SendContext
from app.webhooks import outbox

ENDING_OUTCOMES = frozenset({"offer", "rejection", "next_round", "withdrawn"})
FUTURE_TOLERANCE = timedelta(minutes=5)
RECOMPUTE_BATCH = 1000
DEFAULT_POLICY = rules.PolicyValues()  # what an unsaved Policy holds

# Core tables: the read paths below select plain rows, not ORM objects.
_INTERVIEW = Interview.__table__
_SEND = Send.__table__
_REPLY = Reply.__table__
_POLICY = Policy.__table__
_POLICY_FIELDS = tuple(f for f in rules.PolicyValues.__dataclass_fields__)
_NOBODY = Person("")


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

def _derived_status(replies: Iterable[rules.ReplyEvent], now: datetime) -> str:
    """closed, responded or active, from the replies at or before `now`."""
    counted = [r for r in replies if r.received_at <= now]
    if any(r.outcome in ENDING_OUTCOMES for r in counted):
        return "closed"
    if any(r.outcome == "update" for r in counted):
        return "responded"
    return "active"


def _stored_state(facts: InterviewFacts, sends: Sequence[rules.SendEvent], replies: Sequence[rules.ReplyEvent],
                  policy: rules.PolicyValues, now: datetime) -> tuple[str, str | None, datetime | None]:
    """(status, next_action, next_action_at) as stored for the due-actions index."""
    due = rules.due_action(facts, sends, replies, policy, now)
    action, due_at = due if due else (None, None)
    return _derived_status(replies, now), action, due_at


def refresh(session: Session, interview: Interview, *, policy: Policy | None = None,
            sends: Sequence[Send] | None = None, replies: Sequence[Reply] | None = None) -> None:
    """Recompute the interview's status and stored next action (the due-actions index)."""
    policy = policy or get_policy(session, interview.tenant_id)
    sends = _sends(session, interview.id) if sends is None else sends
    replies = _replies(session, interview.id) if replies is None else replies
    interview.status, interview.next_action, interview.next_action_at = _stored_state(
        interviews.facts(interview), [_send_event(s) for s in sends], [_reply_event(r) for r in replies],
        policy_values(policy), utcnow())
    session.add(interview)
    session.flush()


def _rule_facts(interviewed_at: datetime, timezone: str | None, decision_expected_at: datetime | None) -> InterviewFacts:
    """Facts for the rules alone: they read only these three fields (see app.followups.rules),
    so the JSON columns need not be loaded or decoded."""
    return InterviewFacts(candidate=_NOBODY, company="", position="", interviewers=(),
                          interviewed_at=interviewed_at, timezone=timezone, decision_expected_at=decision_expected_at)


def _events(session: Session, interview_ids: Sequence[uuid.UUID]) -> Sequence[Row]:
    """Sends and replies of the interviews as plain rows, one query: (interview_id, is_reply,
    kind or outcome, sent_at or received_at, returns_at, decision_expected_at), oldest first."""
    one = len(interview_ids) == 1
    sends = select(_SEND.c.interview_id, literal(False).label("is_reply"), _SEND.c.kind.label("what"),
                   _SEND.c.sent_at.label("at"), type_coerce(null(), UTCDateTime).label("returns_at"),
                   type_coerce(null(), UTCDateTime).label("decision_expected_at"), _SEND.c.id).where(
        _SEND.c.interview_id == interview_ids[0] if one else _SEND.c.interview_id.in_(interview_ids))
    replies = select(_REPLY.c.interview_id, literal(True), _REPLY.c.outcome, _REPLY.c.received_at,
                     _REPLY.c.returns_at, _REPLY.c.decision_expected_at, _REPLY.c.id).where(
        _REPLY.c.interview_id == interview_ids[0] if one else _REPLY.c.interview_id.in_(interview_ids))
    stmt = union_all(sends, replies)
    return session.execute(stmt.order_by(stmt.selected_columns.is_reply, stmt.selected_columns.at,
                                         stmt.selected_columns.id)).all()


def _split_events(rows: Iterable[Row]) -> tuple[list[rules.SendEvent], list[rules.ReplyEvent]]:
    sends, replies = [], []
    for _, is_reply, what, at, returns_at, decision_expected_at, _id in rows:
        if is_reply:
            replies.append(rules.ReplyEvent(outcome=what, received_at=at, returns_at=returns_at,
                                            decision_expected_at=decision_expected_at))
        else:
            sends.append(rules.SendEvent(kind=what, sent_at=at))
    return sends, replies


def next_action(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID, at: datetime | None) -> NextActionRead:
    # Two plain-row queries: the interview with its tenant's policy, then its sends and replies.
    row = session.exec(
        select(_INTERVIEW.c.interviewed_at, _INTERVIEW.c.timezone, _INTERVIEW.c.decision_expected_at,
               _POLICY.c.tenant_id.label("policy_tenant_id"), *(_POLICY.c[f] for f in _POLICY_FIELDS))
        .select_from(_INTERVIEW.outerjoin(_POLICY, _POLICY.c.tenant_id == _INTERVIEW.c.tenant_id))
        .where(_INTERVIEW.c.id == interview_id, _INTERVIEW.c.tenant_id == tenant_id)
    ).first()
    if row is None:
        raise NotFound(f"No interview {interview_id}.")
    policy = (DEFAULT_POLICY if row.policy_tenant_id is None
              else rules.PolicyValues(**{f: row._mapping[f] for f in _POLICY_FIELDS}))
    sends, replies = _split_events(_events(session, [interview_id]))
    result = rules.next_action(_rule_facts(row.interviewed_at, row.timezone, row.decision_expected_at),
                               sends, replies, policy, at or utcnow())
    return NextActionRead(interview_id=interview_id, **{
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


_WRITE_NEXT_ACTION = (
    update(_INTERVIEW).where(_INTERVIEW.c.id == bindparam("b_id"))
    .values(status=bindparam("b_status"), next_action=bindparam("b_action"), next_action_at=bindparam("b_due_at"))
)


def recompute_tenant(session: Session, tenant_id: uuid.UUID, policy: Policy) -> int:
    """Recompute every stored next action of a tenant, in batches: two plain-row queries per batch,
    and one executemany UPDATE of the rows whose stored values changed."""
    values = policy_values(policy)
    now = utcnow()
    count = 0
    changed = False
    last_id: uuid.UUID | None = None
    columns = (_INTERVIEW.c.id, _INTERVIEW.c.interviewed_at, _INTERVIEW.c.timezone,
               _INTERVIEW.c.decision_expected_at, _INTERVIEW.c.status, _INTERVIEW.c.next_action,
               _INTERVIEW.c.next_action_at)
    while True:
        stmt = select(*columns).where(_INTERVIEW.c.tenant_id == tenant_id)
        if last_id is not None:
            stmt = stmt.where(_INTERVIEW.c.id > last_id)
        batch = session.exec(stmt.order_by(_INTERVIEW.c.id).limit(RECOMPUTE_BATCH)).all()
        if not batch:
            break
        events: dict[uuid.UUID, list[Row]] = defaultdict(list)
        for event in _events(session, [row.id for row in batch]):
            events[event.interview_id].append(event)
        writes = []
        for id_, interviewed_at, timezone, decision_expected_at, status, action, due_at in batch:
            sends, replies = _split_events(events.get(id_, ()))
            new = _stored_state(_rule_facts(interviewed_at, timezone, decision_expected_at), sends, replies,
                                values, now)
            if new != (status, action, due_at):
                writes.append({"b_id": id_, "b_status": new[0], "b_action": new[1], "b_due_at": new[2]})
        if writes:
            session.execute(_WRITE_NEXT_ACTION, writes)
            changed = True
        count += len(batch)
        last_id = batch[-1].id
    if changed:
        # The UPDATE bypassed the ORM: interviews already loaded in this session must reload.
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Interview):
                session.expire(obj)
    return count


def due_page(session: Session, tenant_id: uuid.UUID, *, action: str | None, due_before: datetime,
             limit: int, cursor: str | None) -> tuple[list[Row], str | None]:
    """Interviews whose stored next action is due before `due_before`, soonest first: an index range scan.

    Plain rows of the columns a due action shows: id, external_id, candidate, company, position,
    next_action, next_action_at."""
    t = _INTERVIEW.c
    stmt = select(t.id, t.external_id, t.candidate, t.company, t.position, t.next_action, t.next_action_at).where(
        t.tenant_id == tenant_id, t.next_action_at <= due_before)
    if action is not None:
        stmt = stmt.where(t.next_action == action)
    return keyset_page(session, stmt, t.next_action_at, t.id, limit=limit, cursor=cursor, newest_first=False)
