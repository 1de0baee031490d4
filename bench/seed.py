"""Bulk-load interviews (with sends and replies) straight into the tables, bypassing the API:
SQLAlchemy Core executemany on SQLite, COPY on PostgreSQL. One tenant under test plus noise in
another, with stored next actions spread the way a live tenant's are."""
from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.db import unit_of_work

BATCH = 20_000
_CANDIDATE = {"name": "Priya Raman", "email": "priya@example.com"}
_INTERVIEWERS = [{"name": "Lucia Alvarez", "title": "Director of Nursing", "email": "lucia@stmarys.example"}]
_HIGHLIGHTS = ["the new sepsis screening protocol"]
_STRENGTHS = ["ten years of critical-care experience"]
_CONCERNS = [{"concern": "no charge-nurse title yet", "response": "I led night shifts as relief charge nurse"}]
_COMPANIES = ["St. Mary's Hospital", "Northwind Health", "Contoso", "Fabrikam", "Initech", "Globex"]
_INTERVIEW_COLS = ("id", "tenant_id", "candidate", "company", "position", "interviewers", "interviewed_at", "timezone",
                   "highlights", "strengths", "concerns", "additional_info", "metadata", "status", "next_action",
                   "next_action_at", "created_at", "updated_at")
_SEND_COLS = ("id", "tenant_id", "interview_id", "kind", "channel", "sent_at", "warnings", "created_at")
_REPLY_COLS = ("id", "tenant_id", "interview_id", "received_at", "outcome", "created_at")


def tenant_id(engine: Engine, name: str) -> uuid.UUID:
    from app.auth.service import get_or_create_tenant

    with unit_of_work(engine) as session:
        return get_or_create_tenant(session, name).id


def _rows(tenant: uuid.UUID, count: int, rng: random.Random, now: datetime):
    """Interviews over the last 120 days; ~60% thanked, ~20% checked in once, ~8% closed by a reply."""
    interviews, sends, replies = [], [], []
    for _ in range(count):
        iid = uuid.uuid4()
        at = now - timedelta(days=rng.uniform(0, 120), minutes=rng.randrange(0, 60))
        age = (now - at).days
        r = rng.random()
        status, action, due = "active", None, None
        if r < 0.08:
            status = "closed"
            replies.append((uuid.uuid4(), tenant, iid, at + timedelta(days=rng.uniform(1, 10)), "rejection", now))
        elif age < 2:
            action, due = "send_thank_you", at + timedelta(hours=24)
        else:
            sends.append((uuid.uuid4(), tenant, iid, "thank_you", "email", at + timedelta(hours=rng.uniform(2, 20)),
                          [], now))
            if r < 0.30:
                sends.append((uuid.uuid4(), tenant, iid, "check_in", "email", at + timedelta(days=8), [], now))
                action, due = "check_in", at + timedelta(days=15)
            elif age < 21:
                action, due = "check_in", at + timedelta(days=7)
            else:
                action, due = "move_on", at + timedelta(days=rng.uniform(21, 40))
        interviews.append((iid, tenant, _CANDIDATE, rng.choice(_COMPANIES), "ICU Charge Nurse", _INTERVIEWERS, at,
                           "America/Chicago", _HIGHLIGHTS, _STRENGTHS, _CONCERNS, [], {}, status, action, due, at,
                           at))
    return interviews, sends, replies


def insert_interviews(engine: Engine, tenant: uuid.UUID, count: int, *, seed: int = 1) -> list[uuid.UUID]:
    """Insert `count` interviews for `tenant` with their sends and replies; return the first ids."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    first: list[uuid.UUID] = []
    done = 0
    while done < count:
        n = min(BATCH, count - done)
        interviews, sends, replies = _rows(tenant, n, rng, now)
        if len(first) < 1000:
            first.extend(row[0] for row in interviews[: 1000 - len(first)])
        if engine.dialect.name == "postgresql":
            _copy(engine, interviews, sends, replies)
        else:
            _executemany(engine, interviews, sends, replies)
        done += n
    return first


def _sqlite_value(value, cache: dict[int, str]):
    # What the columns' bind processors produce on SQLite (Uuid → 32 hex digits, UTCDateTime →
    # naive UTC text, JSON → json.dumps), done directly: the processors would triple the load time.
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, (dict, list)):
        key = id(value)
        if key not in cache:
            cache[key] = json.dumps(value)
        return cache[key]
    return value


def _executemany(engine: Engine, interviews, sends, replies) -> None:
    """Raw DB-API executemany in one transaction, with a large page cache for the index updates."""
    raw = engine.raw_connection()
    cache: dict[int, str] = {}
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA cache_size=-262144")
        cur.execute("BEGIN")
        for table, cols, rows in (("interview", _INTERVIEW_COLS, interviews), ("send", _SEND_COLS, sends),
                                  ("reply", _REPLY_COLS, replies)):
            if rows:
                quoted = ", ".join(f'"{c}"' for c in cols)
                marks = ", ".join("?" for _ in cols)
                cur.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})",
                                [tuple(_sqlite_value(v, cache) for v in row) for row in rows])
        cur.execute("COMMIT")
        cur.close()
    finally:
        raw.close()


def _copy(engine: Engine, interviews, sends, replies) -> None:
    json_cols = {"candidate", "interviewers", "highlights", "strengths", "concerns", "additional_info", "metadata",
                 "warnings"}
    cache: dict[int, str] = {}

    def dump(value):
        # The JSON constants are shared objects: serialise each once; COPY's text format parses jsonb.
        key = id(value)
        if key not in cache:
            cache[key] = json.dumps(value)
        return cache[key]

    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur:
            for table, cols, rows in (("interview", _INTERVIEW_COLS, interviews), ("send", _SEND_COLS, sends),
                                      ("reply", _REPLY_COLS, replies)):
                if not rows:
                    continue
                jsonish = [i for i, c in enumerate(cols) if c in json_cols]
                quoted = ", ".join(f'"{c}"' for c in cols)
                with cur.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        row = list(row)
                        for i in jsonish:
                            row[i] = dump(row[i])
                        copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def analyze(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
