"""The follow-up engine through HTTP: sends, replies, policy, next action, due list, calendar feed."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select, text

from app.followups.models import Reply, Send

NOW = datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture
def interview(client, interview_payload):
    """An interview 20 days ago, so every event of its cadence can be recorded (none in the future)."""
    payload = {**interview_payload, "interviewed_at": iso(NOW - timedelta(days=20)), "timezone": None}
    response = client.post("/v1/interviews", json=payload)
    assert response.status_code == 201, response.text
    return response.json()


def send(client, interview, kind, at, **extra):
    return client.post(f"/v1/interviews/{interview['id']}/sends",
                       json={"kind": kind, "channel": "email", "sent_at": iso(at), **extra}, **({}))


def reply(client, interview, outcome, at, **extra):
    return client.post(f"/v1/interviews/{interview['id']}/replies",
                       json={"outcome": outcome, "received_at": iso(at), **extra})


def next_action(client, interview, at=None):
    params = {"at": iso(at)} if at else {}
    response = client.get(f"/v1/interviews/{interview['id']}/next-action", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_prompt_thank_you_then_wait_then_check_in(client, interview):
    start = parse(interview["interviewed_at"])
    assert next_action(client, interview, start + timedelta(hours=2))["action"] == "send_thank_you"
    recorded = send(client, interview, "thank_you", start + timedelta(hours=5))
    assert recorded.status_code == 201 and recorded.json()["warnings"] == []
    waiting = next_action(client, interview, start + timedelta(days=3))
    assert waiting["action"] == "wait" and waiting["after_wait"] == "check_in"
    assert parse(waiting["due_at"]) == start + timedelta(hours=5, days=7)
    assert waiting["reason"]
    due = next_action(client, interview, start + timedelta(days=8))
    assert due["action"] == "check_in" and due["suggested_draft_kind"] == "check_in"
    assert due["check_ins_sent"] == 0 and due["check_ins_remaining"] == 2


def test_check_ins_up_to_the_limit_then_move_on_with_warnings_beyond(client, interview):
    start = parse(interview["interviewed_at"])
    send(client, interview, "thank_you", start + timedelta(hours=5))
    early = send(client, interview, "check_in", start + timedelta(days=2))
    assert early.status_code == 201
    assert any("before" in w for w in early.json()["warnings"])
    second = send(client, interview, "check_in", start + timedelta(days=10))
    assert second.status_code == 201
    third = send(client, interview, "check_in", start + timedelta(days=18))
    assert any("2" in w or "more" in w.lower() for w in third.json()["warnings"]), third.json()
    final = next_action(client, interview, start + timedelta(days=20))
    assert final["action"] in ("move_on", "wait")
    assert final["check_ins_remaining"] == 0


def test_a_late_thank_you_is_recorded_with_a_warning_and_late_flag(client, interview):
    start = parse(interview["interviewed_at"])
    assert next_action(client, interview, start + timedelta(hours=60))["late"] is True
    late = send(client, interview, "thank_you", start + timedelta(hours=60))
    assert late.status_code == 201
    assert late.json()["warnings"] and "48" in late.json()["warnings"][0]


def test_an_ending_reply_means_done_and_closes_the_interview(client, interview):
    start = parse(interview["interviewed_at"])
    send(client, interview, "thank_you", start + timedelta(hours=5))
    assert reply(client, interview, "offer", start + timedelta(days=4)).status_code == 201
    assert next_action(client, interview)["action"] == "done"
    stored = client.get(f"/v1/interviews/{interview['id']}").json()
    assert stored["status"] == "closed" and stored["next_action"] is None
    # Before the reply arrived, the earlier answer still holds: events after `at` do not count.
    assert next_action(client, interview, start + timedelta(days=2))["action"] == "wait"


def test_out_of_office_pauses_until_the_return_date(client, interview):
    start = parse(interview["interviewed_at"])
    send(client, interview, "thank_you", start + timedelta(hours=5))
    back = start + timedelta(days=12)
    assert reply(client, interview, "out_of_office", start + timedelta(days=8), returns_at=iso(back)).status_code == 201
    paused = next_action(client, interview, start + timedelta(days=9))
    assert paused["action"] == "wait" and parse(paused["due_at"]) == back
    assert paused["after_wait"] == "check_in"
    assert next_action(client, interview, back + timedelta(hours=1))["action"] == "check_in"


def test_an_update_reply_restarts_the_cadence_and_moves_the_decision_date(client, interview):
    start = parse(interview["interviewed_at"])
    send(client, interview, "thank_you", start + timedelta(hours=5))
    send(client, interview, "check_in", start + timedelta(days=8))
    update_at = start + timedelta(days=9)
    decision = start + timedelta(days=15)
    assert reply(client, interview, "update", update_at, decision_expected_at=iso(decision)).status_code == 201
    answer = next_action(client, interview, update_at + timedelta(days=1))
    assert answer["action"] == "wait" and answer["check_ins_sent"] == 0
    assert parse(answer["last_contact_at"]) == update_at
    # Not before the day after the new decision date.
    assert parse(answer["due_at"]) >= decision + timedelta(days=1)
    assert client.get(f"/v1/interviews/{interview['id']}").json()["status"] == "responded"


def test_events_count_by_their_own_times_not_by_recording_order(client, interview):
    start = parse(interview["interviewed_at"])
    send(client, interview, "check_in", start + timedelta(days=9))
    send(client, interview, "thank_you", start + timedelta(hours=5))
    answer = next_action(client, interview, start + timedelta(days=10))
    assert answer["check_ins_sent"] == 1
    listed = client.get(f"/v1/interviews/{interview['id']}/sends").json()
    assert [s["kind"] for s in listed] == ["thank_you", "check_in"]


def test_business_days_skip_weekends_and_holidays_in_the_interview_time_zone(client, interview_payload):
    assert client.put("/v1/policy", json={"business_days": True, "holiday_country": "US"}).status_code == 200
    # Wednesday 25 Nov 2026, 10:00 in New York; Thursday 26 Nov is Thanksgiving.
    created = client.post("/v1/interviews", json={**interview_payload, "timezone": "America/New_York",
                                                  "interviewed_at": "2026-11-18T10:00:00-05:00"}).json()
    thanks_at = datetime(2026, 11, 18, 20, 0, tzinfo=UTC)  # Wednesday 15:00 local
    assert send(client, created, "thank_you", thanks_at).status_code == 201
    answer = next_action(client, created, datetime(2026, 11, 20, tzinfo=UTC))
    # 7 business days from Wed 18 Nov, skipping the weekend and Thanksgiving: Mon 30 Nov, same local time.
    assert answer["action"] == "wait"
    assert parse(answer["due_at"]) == datetime(2026, 11, 30, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"kind": "thank_you", "sent_at": "2026-01-01T00:00:00Z"}, "/sent_at"),
        ({"kind": "thank_you", "sent_at": "2026-11-20T00:00:00"}, "/sent_at"),
        ({"kind": "postcard", "sent_at": "2026-11-20T00:00:00Z"}, "/kind"),
        ({"kind": "thank_you", "channel": "pigeon", "sent_at": "2026-11-20T00:00:00Z"}, "/channel"),
        ({"kind": "thank_you", "sent_at": "2099-01-01T00:00:00Z"}, "/sent_at"),
    ],
)
def test_bad_sends_are_422_and_store_nothing(client, engine, interview, body, pointer):
    response = client.post(f"/v1/interviews/{interview['id']}/sends", json=body)
    assert response.status_code == 422, response.text
    assert any(e.get("pointer") == pointer for e in response.json()["errors"])
    assert count(engine, Send) == 0


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"outcome": "out_of_office", "received_at": "2026-11-20T00:00:00Z"}, "returns_at is required"),
        ({"outcome": "maybe", "received_at": "2026-11-20T00:00:00Z"}, "offer"),
        ({"outcome": "offer", "received_at": "2026-01-01T00:00:00Z"}, "before the interview"),
        ({"outcome": "offer", "received_at": "2026-11-20T00:00:00Z", "returns_at": "2026-11-21T00:00:00Z"},
         "only for outcome out_of_office"),
    ],
)
def test_bad_replies_are_422_and_store_nothing(client, engine, interview, body, fragment):
    response = client.post(f"/v1/interviews/{interview['id']}/replies", json=body)
    assert response.status_code == 422, response.text
    assert fragment in str(response.json()["errors"])
    assert count(engine, Reply) == 0


def test_a_repeated_send_with_the_same_idempotency_key_stores_one_row(client, engine, interview):
    start = parse(interview["interviewed_at"])
    body = {"kind": "thank_you", "sent_at": iso(start + timedelta(hours=3))}
    url = f"/v1/interviews/{interview['id']}/sends"
    answers = [client.post(url, json=body, headers={"Idempotency-Key": "k-1"}) for _ in range(3)]
    assert {a.status_code for a in answers} == {201}
    assert len({a.text for a in answers}) == 1
    assert count(engine, Send) == 1
    clash = client.post(url, json={**body, "channel": "phone"}, headers={"Idempotency-Key": "k-1"})
    assert clash.status_code == 422
    assert count(engine, Send) == 1


def test_idempotency_keys_expire(client, engine, interview):
    start = parse(interview["interviewed_at"])
    url = f"/v1/interviews/{interview['id']}/sends"
    body = {"kind": "thank_you", "sent_at": iso(start + timedelta(hours=3))}
    client.post(url, json=body, headers={"Idempotency-Key": "old"})
    with engine.begin() as conn:
        conn.execute(text("UPDATE idempotency_record SET expires_at = :t"), {"t": NOW - timedelta(hours=1)})
    again = client.post(url, json=body, headers={"Idempotency-Key": "old"})
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    assert count(engine, Send) == 2


def test_policy_defaults_validation_and_recompute(client, interview):
    assert client.get("/v1/policy").json() | {"updated_at": None} == {
        "thank_you_ideal_hours": 24, "thank_you_deadline_hours": 48, "check_in_after_days": 7,
        "check_in_interval_days": 7, "max_check_ins": 2, "move_on_after_days": 7, "business_days": False,
        "holiday_country": None, "updated_at": None}
    for bad, pointer in (({"max_check_ins": -1}, "/max_check_ins"),
                         ({"thank_you_ideal_hours": 30, "thank_you_deadline_hours": 20}, ""),
                         ({"holiday_country": "XX"}, "/holiday_country"),
                         ({"check_in_after_days": 10_000}, "/check_in_after_days"),
                         ({"surprise": 1}, "/surprise")):
        response = client.put("/v1/policy", json=bad)
        assert response.status_code == 422, (bad, response.text)
        assert any(e.get("pointer") == pointer for e in response.json()["errors"]), response.json()
    assert client.get("/v1/policy").json()["updated_at"] is None
    start = parse(interview["interviewed_at"])
    before = client.get(f"/v1/interviews/{interview['id']}").json()
    assert parse(before["next_action_at"]) == start + timedelta(days=7)
    assert client.put("/v1/policy", json={"check_in_after_days": 3}).status_code == 200
    after = client.get(f"/v1/interviews/{interview['id']}").json()
    assert parse(after["next_action_at"]) == start + timedelta(days=3)


def test_the_due_list_returns_exactly_the_interviews_due_before_a_time(client, interview_payload):
    made = {}
    for days_ago in (1, 3, 10, 30):
        at = NOW - timedelta(days=days_ago, hours=2)
        made[days_ago] = client.post("/v1/interviews", json={**interview_payload, "interviewed_at": iso(at)}).json()
    # 1 day ago: thank-you due 22 h ago... every stored due time is interviewed_at + 24 h or + 7 days.
    due_times = {k: parse(v["next_action_at"]) for k, v in made.items()}
    cutoff = NOW - timedelta(days=2)
    page = client.get("/v1/next-actions", params={"due_before": iso(cutoff)}).json()
    expected = sorted((t, made[k]["id"]) for k, t in due_times.items() if t <= cutoff)
    assert [item["interview_id"] for item in page["data"]] == [i for _, i in expected]
    assert all(parse(item["due_at"]) <= cutoff for item in page["data"])
    only_check_ins = client.get("/v1/next-actions", params={"action": "check_in", "due_before": iso(NOW)}).json()
    assert {i["action"] for i in only_check_ins["data"]} == {"check_in"}
    # Pagination walks the same set.
    seen, cursor = [], None
    while True:
        params = {"limit": 1, "due_before": iso(NOW + timedelta(days=30))} | ({"cursor": cursor} if cursor else {})
        chunk = client.get("/v1/next-actions", params=params).json()
        seen += [i["interview_id"] for i in chunk["data"]]
        if not (cursor := chunk["next_cursor"]):
            break
    assert sorted(seen) == sorted(v["id"] for v in made.values())


@pytest.mark.sqlite_only
def test_the_due_list_query_is_an_index_range_scan(engine):
    import uuid

    from app.followups.service import due_page
    from sqlmodel import Session

    statements = []
    from sqlalchemy import event

    @event.listens_for(engine, "before_cursor_execute")
    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    with Session(engine) as session:
        due_page(session, uuid.uuid4(), action=None, due_before=NOW, limit=10, cursor=None)
    statement, parameters = next(s for s in statements if "FROM interview" in s[0])
    with engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
    assert "USING INDEX ix_interview_tenant_due" in plan and "next_action_at<?" in plan, plan
    assert "SCAN interview" not in plan and "TEMP B-TREE" not in plan, plan


def test_the_calendar_feed_parses_back_with_stable_uids(client, interview_payload):
    first = client.post("/v1/interviews", json={**interview_payload, "interviewed_at": iso(NOW - timedelta(days=2))}).json()
    feed = client.get("/v1/next-actions.ics")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert len(events) == 1
    event = events[0]
    assert str(event["uid"]) == f"next-action-{first['id']}@interview-followup"
    assert event.decoded("dtstart") == parse(first["next_action_at"])
    assert "Senior Data Engineer" in str(event["summary"])
    again = Calendar.from_ical(client.get("/v1/next-actions.ics").content).walk("VEVENT")
    assert [str(e["uid"]) for e in again] == [str(event["uid"])]


def test_next_action_at_must_carry_an_offset(client, interview):
    response = client.get(f"/v1/interviews/{interview['id']}/next-action", params={"at": "2026-11-20T10:00:00"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "at"
