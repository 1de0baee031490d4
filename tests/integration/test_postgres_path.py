"""The production engine's path: pool settings from Settings, the same migrations, index-served queries."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, insert, text
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from app.auth.service import get_or_create_tenant
from app.db import make_engine, unit_of_work
from app.followups import service as followups
from app.interviews import service as interviews
from app.interviews.models import Interview
from app.system import head_revision
from tests.conftest import make_settings


def test_the_engine_takes_its_pool_from_settings_and_is_migrated_to_head(module_db_url, engine):
    tuned = make_engine(make_settings(module_db_url, db_pool_size=7, db_max_overflow=3, db_pool_timeout=4.5))
    try:
        with tuned.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
            if tuned.dialect.name == "postgresql":
                assert tuned.dialect.driver == "psycopg"  # psycopg 3
                assert conn.execute(text("SHOW server_version_num")).scalar_one() >= "150000"
            else:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        if tuned.dialect.name == "postgresql":
            assert isinstance(tuned.pool, QueuePool)
            assert (tuned.pool.size(), tuned.pool._max_overflow, tuned.pool._timeout) == (7, 3, 4.5)
            assert tuned.pool._pre_ping
    finally:
        tuned.dispose()


def _plan(engine, run) -> str:
    """The query plan of the first SELECT on `interview` that `run(session)` issues."""
    captured: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "FROM interview" in statement:
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as session:
            run(session)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    statement, parameters = captured[0]
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars().all()
        else:
            rows = [r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
    return "\n".join(rows)


def test_due_list_and_interview_list_are_index_scans(module_db_url, engine):
    now = datetime.now(UTC)
    with unit_of_work(engine) as session:
        tenants = [get_or_create_tenant(session, f"plan-{uuid.uuid4().hex[:8]}").id for _ in range(4)]
        session.execute(insert(Interview), [
            {"id": uuid.uuid4(), "tenant_id": tenants[n % 4], "candidate": {"name": f"C{n}"}, "company": "Plan Co",
             "position": "Engineer", "interviewers": [{"name": "I"}], "interviewed_at": now - timedelta(days=n % 90),
             "highlights": [], "strengths": [], "concerns": [], "additional_info": [], "meta": {},
             "status": "active", "next_action": ("send_thank_you", "check_in", "move_on")[n % 3],
             "next_action_at": now + timedelta(hours=n % 2000), "created_at": now - timedelta(minutes=n),
             "updated_at": now}
            for n in range(4000)])
    tenant = tenants[0]
    with engine.begin() as conn:  # fresh statistics (in a transaction that commits: they are transactional)
        conn.exec_driver_sql("ANALYZE")
    due_before = datetime.now(UTC) + timedelta(days=30)

    due = _plan(engine, lambda s: followups.due_page(s, tenant, action=None, due_before=due_before, limit=50, cursor=None))
    due_action = _plan(engine, lambda s: followups.due_page(s, tenant, action="check_in", due_before=due_before,
                                                            limit=50, cursor=None))
    listing = _plan(engine, lambda s: interviews.list_page(s, tenant, limit=20, cursor=None, status=None,
                                                           company=None, external_id=None))

    assert "ix_interview_tenant_due" in due, due
    assert "ix_interview_tenant_action_due" in due_action, due_action
    assert "ix_interview_tenant_created" in listing, listing
    for plan in (due, due_action, listing):  # never a walk over every interview
        assert "Seq Scan" not in plan and "SCAN interview\n" not in plan + "\n", plan
