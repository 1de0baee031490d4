"""Interviews through the HTTP API: create, read, list, update, delete, and bad input."""
from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from app.interviews.models import Interview


def count_interviews(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Interview)).scalar_one()


def test_create_returns_the_interview_in_utc_with_its_next_action(client, interview_payload):
    local = (datetime.now(UTC) - timedelta(hours=3)).replace(microsecond=0).astimezone(timezone(timedelta(hours=-5)))
    response = client.post("/v1/interviews", json={**interview_payload, "interviewed_at": local.isoformat()})
    assert response.status_code == 201, response.text
    body = response.json()
    in_utc = local.astimezone(UTC)
    assert body["interviewed_at"] == in_utc.isoformat().replace("+00:00", "Z")
    assert body["status"] == "active"
    assert body["next_action"] == "send_thank_you"
    assert body["next_action_at"] == (in_utc + timedelta(hours=24)).isoformat().replace("+00:00", "Z")
    assert body["interviewers"][0] == {"name": "Lucia Alvarez", "title": "Director of Data",
                                       "email": "lucia@northwind.example"}
    assert client.get(f"/v1/interviews/{body['id']}").json() == body


@pytest.mark.parametrize(
    ("mutate", "pointer", "fragment"),
    [
        (lambda p: p.update(interviewed_at="2026-03-10T14:00:00"), "/interviewed_at", "offset"),
        (lambda p: p.update(interviewers=[]), "/interviewers", "at least 1"),
        (lambda p: p.update(favourite_colour="blue"), "/favourite_colour", "unknown field"),
        (lambda p: p.update(company="x" * 2_000_000), None, "exceeds the limit"),
        (lambda p: p.update(company="x" * 201), "/company", "at most 200"),
        (lambda p: p["interviewers"][0].update(name=""), "/interviewers/0/name", "at least 1"),
        (lambda p: p.update(timezone="Mars/Olympus"), "/timezone", "IANA"),
        (lambda p: p.update(highlights=["h"] * 21), "/highlights", "at most 20"),
        (lambda p: p["candidate"].update(email="not-an-address"), "/candidate/email", "pattern"),
        (lambda p: p.update(metadata={"k": "v" * 5000}), "/metadata", "4096 bytes"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field_and_stores_nothing(client, engine, interview_payload, mutate,
                                                                     pointer, fragment):
    payload = copy.deepcopy(interview_payload)
    mutate(payload)
    response = client.post("/v1/interviews", json=payload)
    assert response.status_code in (413, 422)
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    if pointer is None:
        assert response.status_code == 413 and fragment in problem["detail"]
    else:
        entry = next(e for e in problem["errors"] if e.get("pointer") == pointer)
        assert fragment in entry["detail"]
    assert count_interviews(engine) == 0


def test_a_duplicate_external_id_is_a_409_naming_the_existing_interview(client, interview_payload):
    first = client.post("/v1/interviews", json={**interview_payload, "external_id": "ats-1"}).json()
    response = client.post("/v1/interviews", json={**interview_payload, "external_id": "ats-1"})
    assert response.status_code == 409
    assert response.json()["existing_id"] == first["id"]
    assert first["id"] in response.json()["detail"]


def test_list_paginates_newest_first_and_filters(client, interview_payload):
    ids = [client.post("/v1/interviews", json={**interview_payload, "external_id": f"e{i}",
                                                "company": "Acme" if i % 2 else "Globex"}).json()["id"]
           for i in range(5)]
    seen, cursor = [], None
    while True:
        page = client.get("/v1/interviews", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [item["id"] for item in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    acme = client.get("/v1/interviews", params={"company": "Acme"}).json()["data"]
    assert {i["id"] for i in acme} == {ids[1], ids[3]}
    only = client.get("/v1/interviews", params={"external_id": "e2"}).json()["data"]
    assert [i["id"] for i in only] == [ids[2]]
    assert client.get("/v1/interviews", params={"status": "closed"}).json()["data"] == []


def test_list_rejects_a_forged_cursor_and_an_oversized_limit(client):
    bad_cursor = client.get("/v1/interviews", params={"cursor": "not-a-cursor"})
    assert bad_cursor.status_code == 422
    assert bad_cursor.json()["errors"][0]["parameter"] == "cursor"
    too_many = client.get("/v1/interviews", params={"limit": 1000})
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["parameter"] == "limit"


def test_patch_changes_only_what_is_sent_and_recomputes_the_next_action(client, interview_payload):
    created = client.post("/v1/interviews", json=interview_payload).json()
    response = client.patch(f"/v1/interviews/{created['id']}",
                            json={"position": "Staff Data Engineer", "interviewed_at": "2026-03-12T09:00:00Z"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["position"] == "Staff Data Engineer"
    assert body["company"] == created["company"]
    assert body["interviewed_at"] == "2026-03-12T09:00:00Z"
    assert body["next_action"] == "check_in"  # the thank-you moment of a March interview has passed
    assert body["next_action_at"] == "2026-03-19T09:00:00Z"
    assert body["updated_at"] > created["updated_at"]


def test_patch_refuses_null_for_a_required_field(client, interview_payload):
    created = client.post("/v1/interviews", json=interview_payload).json()
    response = client.patch(f"/v1/interviews/{created['id']}", json={"company": None})
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/company"
    assert client.get(f"/v1/interviews/{created['id']}").json()["company"] == created["company"]


def test_delete_removes_the_interview(client, interview_payload):
    created = client.post("/v1/interviews", json=interview_payload).json()
    assert client.delete(f"/v1/interviews/{created['id']}").status_code == 204
    missing = client.get(f"/v1/interviews/{created['id']}")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert client.delete(f"/v1/interviews/{created['id']}").status_code == 404


def test_an_idempotency_key_replays_the_first_answer_and_stores_one_row(client, engine, interview_payload):
    headers = {"Idempotency-Key": "create-1"}
    first = client.post("/v1/interviews", json=interview_payload, headers=headers)
    again = client.post("/v1/interviews", json=interview_payload, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert count_interviews(engine) == 1
    different = client.post("/v1/interviews", json={**interview_payload, "company": "Other"}, headers=headers)
    assert different.status_code == 422
    assert different.json()["errors"][0]["parameter"] == "Idempotency-Key"
    assert count_interviews(engine) == 1
