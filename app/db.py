"""Engine factory and the per-request unit of work (commit on success, roll back on any error)."""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import anyio.to_thread
from fastapi import Depends, Request
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel, create_engine

from app.dbtypes import NAMING_CONVENTION  # noqa: F401  (re-exported; sets the convention)
from app.settings import Settings

metadata: MetaData = SQLModel.metadata


SQLITE_POOL_SIZE = 40


def make_engine(settings: Settings) -> Engine:
    """Build the engine for the configured URL; SQLite gets WAL, a busy timeout and foreign keys."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": settings.sqlite_busy_timeout_ms / 1000},
            # Readers run concurrently under WAL: enough connections for every worker thread.
            pool_size=SQLITE_POOL_SIZE, max_overflow=0, pool_timeout=settings.db_pool_timeout,
        )
        _configure_sqlite(engine, settings.sqlite_busy_timeout_ms)
        return engine
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
        pool_pre_ping=True,
    )


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # pragma: no cover - exercised by every test
        # Let SQLAlchemy issue BEGIN itself, so BEGIN IMMEDIATE below takes the write lock up front.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # pragma: no cover - exercised by every test
        # Read-modify-write transactions must serialise; a deferred BEGIN would upgrade its lock
        # mid-transaction and fail with "database is locked" instead of waiting.
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _bind(engine: Engine, write: bool) -> Engine:
    """The engine a session binds to: on SQLite, writes begin IMMEDIATE (at their first statement)."""
    return engine.execution_options(sqlite_immediate=True) if write and engine.dialect.name == "sqlite" else engine


@contextmanager
def unit_of_work(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """One transaction: commit when the block succeeds, roll back on any exception.

    A write transaction on SQLite starts with BEGIN IMMEDIATE so concurrent writers queue on the
    busy timeout instead of failing when a reader upgrades its lock.
    """
    with Session(bind=_bind(engine, write), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def _sqlite_write_gate(request: Request) -> AsyncIterator[None]:
    """On SQLite, one write request per process at a time holds the database lock.

    Awaited before a thread is taken: otherwise every thread of the pool can sit in BEGIN
    IMMEDIATE while the request holding the lock waits for a thread to commit, and nothing
    moves until the busy timeout. Other processes still queue on the busy timeout.
    """
    lock = request.app.state.sqlite_write_lock
    if lock is None or request.method in READ_METHODS:
        yield
        return
    async with lock:
        yield


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


async def _session(request: Request,
                   _gate: Annotated[None, Depends(_sqlite_write_gate, scope="function")]) -> AsyncIterator[Session]:
    """The request's unit of work: commit on success, roll back on any exception.

    Admission control: at most `db_slots` requests hold a session at once, fewer than the pool's
    connections, and they are admitted before they take a thread. Otherwise, under load, every
    worker thread can wait for a connection while the requests holding the connections wait for a
    thread to serialise their response and commit: a deadlock, seen on PostgreSQL at 64
    connections. Commit and close are shielded, so a client that disconnects cannot leak a
    connection. The gate is entered first and left last: the commit happens while it is held.
    """
    bind = _bind(get_engine(request), write=request.method not in READ_METHODS)
    async with request.app.state.db_slots:
        session = Session(bind=bind, expire_on_commit=False)
        try:
            yield session
        except BaseException:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(_finish, session, False)
            raise
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(_finish, session, True)


# scope="function": the commit runs before the response is sent, so a failed commit is a 500,
# never a 201 for data that was not stored.
SessionDep = Annotated[Session, Depends(_session, scope="function")]
