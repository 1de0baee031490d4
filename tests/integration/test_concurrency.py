"""Real parallel clients against the real server (three worker processes), on SQLite and PostgreSQL.

Each test fires its requests from many threads at once, then checks every answer and every count
in the database: no 500s, no lost or doubled rows, and stored state equal to what the rules say.
"""
from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
from sqlmodel import Session, select

from app.followups.models import Reply, Send
from app.idempotency import IdempotencyRecord
from app.interviews.models import Interview
from app.webhooks.models import OutboxEvent
from tests.integration.conftest import durability, in_parallel


def _interview(external_id: str | None = None, *, days_ago: int = 40) -> dict:
    payload = {
        "candidate": {"name": "Priya Raman"},
        "company": "Northwind Health",
        "position": "Senior Data Engineer",
        "interviewers": [{"name": "Lucia Alvarez"}],
        "interviewed_at": (datetime.now(UTC) - timedelta(days=days_ago)).replace(microsecond=0).isoformat(),
    }
    if external_id is not None:
        payload["external_id"] = external_id
    return payload


def _events(session: Session, interview_id: str, event_type: str) -> list[OutboxEvent]:
    return session.exec(select(OutboxEvent).where(OutboxEvent.interview_id == uuid.UUID(interview_id),
                                                  OutboxEvent.type == event_type)).all()


def _create(base_url: str, payload: dict) -> dict:
    response = httpx.post(f"{base_url}/v1/interviews", json=payload, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()


def test_twenty_parallel_sends_with_one_idempotency_key_store_one_row_and_answer_alike(live_server, engine):
    interview = _create(live_server.base_url, _interview())
    sent_at = (datetime.fromisoformat(interview["interviewed_at"]) + timedelta(hours=20)).isoformat()
    body = {"kind": "thank_you", "channel": "email", "sent_at": sent_at, "subject": "Thank you"}
    path = f"/v1/interviews/{interview['id']}/sends"

    responses = in_parallel(
        [lambda c: c.post(path, json=body, headers={"Idempotency-Key": "same-key-20"})] * 20, live_server.base_url)

    assert [r.status_code for r in responses] == [201] * 20, [r.text for r in responses if r.status_code != 201]
    assert len({r.content for r in responses}) == 1, "every answer must be byte-for-byte the first one"
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == 19
    with Session(engine) as session:
        sends = session.exec(select(Send).where(Send.interview_id == uuid.UUID(interview["id"]))).all()
        records = session.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == "same-key-20")).all()
        events = _events(session, interview["id"], "send.recorded")
    assert [str(s.id) for s in sends] == [responses[0].json()["id"]]
    assert [(r.status_code, r.response_body.encode()) for r in records] == [(201, responses[0].content)]
    assert len(events) == 1


def test_parallel_sends_and_replies_leave_the_stored_next_action_equal_to_the_rules(live_server, engine):
    interview = _create(live_server.base_url, _interview(days_ago=50))
    start = datetime.fromisoformat(interview["interviewed_at"])
    path = f"/v1/interviews/{interview['id']}"
    calls, expected = [], Counter()
    for i in range(20):
        at = (start + timedelta(days=1 + 2 * i, hours=i)).isoformat()
        if i % 7 == 3:
            body, kind = {"received_at": at, "outcome": "update", "note": f"still deciding ({i})"}, "replies"
        else:
            body, kind = {"kind": "thank_you" if i % 5 == 0 else "check_in", "sent_at": at}, "sends"
        expected[kind] += 1
        calls.append(lambda c, kind=kind, body=body: c.post(f"{path}/{kind}", json=body))

    responses = in_parallel(calls, live_server.base_url)

    assert [r.status_code for r in responses] == [201] * 20, [r.text for r in responses if r.status_code != 201]
    interview_id = uuid.UUID(interview["id"])
    with Session(engine) as session:
        assert len(session.exec(select(Send).where(Send.interview_id == interview_id)).all()) == expected["sends"]
        assert len(session.exec(select(Reply).where(Reply.interview_id == interview_id)).all()) == expected["replies"]
        assert len(_events(session, interview["id"], "send.recorded")) == expected["sends"]
        assert len(_events(session, interview["id"], "reply.recorded")) == expected["replies"]
        stored = session.get(Interview, interview_id)
        assert stored.next_action is not None
    assert durability.next_action_mismatches(engine) == []
    # The API's due list serves the same stored answer.
    due = httpx.get(f"{live_server.base_url}/v1/next-actions",
                    params={"due_before": "2100-01-01T00:00:00Z", "limit": 100}, timeout=10).json()["data"]
    mine = [(d["action"], d["due_at"]) for d in due if d["interview_id"] == interview["id"]]
    assert mine == [(stored.next_action, stored.next_action_at.isoformat().replace("+00:00", "Z"))]


def test_parallel_creates_store_every_201_once_and_answer_duplicate_external_ids_with_409(live_server, engine):
    prefix = f"ats-{uuid.uuid4().hex[:8]}-"
    distinct = [_interview(f"{prefix}{n}") for n in range(20)]
    duplicates = [_interview(f"{prefix}shared") for _ in range(12)]
    calls = [lambda c, p=p: c.post("/v1/interviews", json=p) for p in distinct + duplicates]

    responses = in_parallel(calls, live_server.base_url)

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 21, 409: 11}, {s: [r.text[:300] for r in responses if r.status_code == s] for s in statuses}
    for response in responses[20:]:
        if response.status_code == 409:
            problem = response.json()
            assert response.headers["content-type"].startswith("application/problem+json")
            assert problem["errors"][0]["pointer"] == "/external_id"
    created = {r.json()["id"]: r.json()["external_id"] for r in responses if r.status_code == 201}
    assert sorted(created.values()) == sorted({p["external_id"] for p in distinct + duplicates})
    with Session(engine) as session:
        rows = session.exec(select(Interview).where(Interview.external_id.startswith(prefix))).all()
        events = [e for i in rows for e in _events(session, str(i.id), "interview.created")]
    assert {str(i.id): i.external_id for i in rows} == created  # one row per external_id, each a 201
    assert len(events) == len(rows) == 21
    assert durability.next_action_mismatches(engine) == []
