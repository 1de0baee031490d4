"""Durability under a crash: every send the server acknowledged survives a SIGKILL of the server.

    python bench/durability.py --engine sqlite|postgres [--seconds N] [--workers N] [--threads N]

Starts the real server (uvicorn, several worker processes), drives a write load of sends from
several client threads, SIGKILLs the whole process group mid-load, restarts it on the same
database and checks: every acknowledged send (a 201) is stored; no half-written state (each
interview's stored next action equals the rules' answer from its stored events; every final
idempotency record has its row; no pending one survived; one `send.recorded` outbox event per
send); and a retry of each request whose answer was lost creates its send exactly once.

A SIGKILL of the *service* is what this simulates. The database server (PostgreSQL) or the OS
page cache (SQLite) survives it; power loss is a different test (see the README).
The live-server helpers here are also used by tests/integration.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TRANSPORT_ERRORS = (httpx.TransportError,)


# --- a real server in a subprocess ----------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """`uvicorn app.main:app --workers N` in its own process group, so one signal reaches every worker."""

    def __init__(self, db_url: str, *, workers: int = 3, log_path: Path | None = None,
                 python: str = sys.executable, extra_env: dict[str, str] | None = None) -> None:
        self.db_url, self.workers, self.python = db_url, workers, python
        self.extra_env = extra_env or {}
        self.log_path = log_path or Path(tempfile.mkstemp(prefix="followup-server-", suffix=".log")[1])
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "LiveServer":
        self.port = free_port()
        env = {**os.environ, "FOLLOWUP_DATABASE_URL": self.db_url, "FOLLOWUP_ENV": "development",
               "FOLLOWUP_ACCESS_LOG": "false", "FOLLOWUP_LOG_LEVEL": "WARNING",
               "FOLLOWUP_RATE_LIMIT_PER_MINUTE": "0", **self.extra_env}
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [self.python, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(self.port),
                 "--workers", str(self.workers), "--no-access-log", "--log-level", "warning"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_ready(self.base_url, timeout, self.proc, self.log_path)
        return self

    def kill(self) -> None:
        """SIGKILL the whole process group: the supervisor and every worker, no shutdown hooks."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self._reap()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._reap()

    def _reap(self) -> None:
        # The workers die with the supervisor's group; wait until none of them is still running
        # (killed orphans may linger as zombies when PID 1 does not reap them: those are dead).
        if self.proc is None:
            return
        deadline = time.monotonic() + 10
        while _running_in_group(self.proc.pid) and time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _running_in_group(pgid: int) -> bool:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def wait_ready(base_url: str, timeout: float, proc: subprocess.Popen | None = None, log_path: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:] if log_path else ""
            raise RuntimeError(f"server exited with {proc.returncode} before it was ready:\n{tail}")
        try:
            response = httpx.get(f"{base_url}/readyz", timeout=2)
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text[:200]}"
        except TRANSPORT_ERRORS as exc:
            last = type(exc).__name__
        time.sleep(0.1)
    raise RuntimeError(f"{base_url}/readyz not ready after {timeout:.0f} s (last: {last})")


# --- what the database holds ----------------------------------------------------------------

def db_engine(db_url: str) -> Engine:
    from app.db import make_engine
    from app.settings import Settings

    return make_engine(Settings(_env_file=None, database_url=db_url))


def next_action_mismatches(engine: Engine) -> list[str]:
    """Interviews whose stored next action differs from the pure rules over their stored events, now."""
    from app.dbtypes import utcnow
    from app.followups import rules
    from app.followups.models import Reply, Send
    from app.followups.service import get_policy, policy_values
    from app.interviews import service as interviews
    from app.interviews.models import Interview

    problems = []
    with Session(engine) as session:
        now = utcnow()
        for interview in session.exec(select(Interview)).scalars():
            sends = session.exec(select(Send).where(Send.interview_id == interview.id)).scalars()
            replies = session.exec(select(Reply).where(Reply.interview_id == interview.id)).scalars()
            expected = rules.due_action(
                interviews.facts(interview),
                [rules.SendEvent(kind=s.kind, sent_at=s.sent_at) for s in sends],
                [rules.ReplyEvent(outcome=r.outcome, received_at=r.received_at, returns_at=r.returns_at,
                                  decision_expected_at=r.decision_expected_at) for r in replies],
                policy_values(get_policy(session, interview.tenant_id)), now)
            stored = (interview.next_action, interview.next_action_at) if interview.next_action else None
            if stored != expected:
                problems.append(f"interview {interview.id}: stored {stored}, rules say {expected}")
    return problems


def idempotency_problems(engine: Engine) -> tuple[int, list[str]]:
    """(final records checked, problems): a final record must name a stored row; none may stay pending."""
    from app.followups.models import Reply, Send
    from app.idempotency import IdempotencyRecord
    from app.interviews.models import Interview

    tables = {"sends": Send, "replies": Reply}
    problems, final = [], 0
    with Session(engine) as session:
        for record in session.exec(select(IdempotencyRecord)).scalars():
            if record.status_code == 0:
                problems.append(f"idempotency key {record.key!r} is still pending after commit")
                continue
            final += 1
            if record.status_code != 201:
                continue
            model = next((m for suffix, m in tables.items() if record.method_path.endswith("/" + suffix)), Interview)
            row_id = _body(record)["id"]
            if session.get(model, uuid.UUID(row_id)) is None:
                problems.append(f"idempotency key {record.key!r} answered 201 with {model.__name__} {row_id}, "
                                "which is not stored")
    return final, problems


def _body(record) -> dict:
    # The stored answer is the exact response text (older revisions stored parsed JSON).
    body = record.response_body
    return json.loads(body) if isinstance(body, str) else body


def count_rows(engine: Engine, table: str, where: str = "") -> int:
    with engine.connect() as conn:
        return conn.execute(text(f'SELECT count(*) FROM "{table}" {where}')).scalar_one()


# --- the load -------------------------------------------------------------------------------

@dataclass
class Result:
    engine: str
    seconds: float
    workers: int
    threads: int
    attempted: int = 0
    acknowledged: int = 0
    lost_answers: int = 0            # sent, but the answer was lost: stored or not, the client can't tell
    refused: int = 0                 # never reached the server (connection refused after the kill)
    other_statuses: Counter = field(default_factory=Counter)
    stored_after_restart: int = 0
    missing: list[str] = field(default_factory=list)
    mismatched_next_action: list[str] = field(default_factory=list)
    idempotency_final: int = 0
    idempotency_problems: list[str] = field(default_factory=list)
    outbox_problems: list[str] = field(default_factory=list)
    retried: int = 0
    retry_problems: list[str] = field(default_factory=list)
    restart_s: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.mismatched_next_action or self.idempotency_problems or self.outbox_problems
                    or self.retry_problems or any(s >= 500 for s in self.other_statuses)) and self.acknowledged > 0

    def table(self) -> str:
        rows = [
            ("engine", self.engine),
            ("server workers / client threads", f"{self.workers} / {self.threads}"),
            ("load until the SIGKILL", f"{self.seconds:.1f} s"),
            ("sends attempted", self.attempted),
            ("acknowledged (201)", f"{self.acknowledged} ({self.acknowledged / max(self.seconds, 1e-9):.0f}/s)"),
            ("answers lost to the kill", self.lost_answers),
            ("refused after the kill (never sent)", self.refused),
            ("other statuses", dict(self.other_statuses) or "none"),
            ("restart until ready", f"{self.restart_s:.1f} s"),
            ("sends stored after restart", self.stored_after_restart),
            ("acknowledged but missing", len(self.missing)),
            ("next action != rules", len(self.mismatched_next_action)),
            ("final idempotency records / bad", f"{self.idempotency_final} / {len(self.idempotency_problems)}"),
            ("outbox events != sends", len(self.outbox_problems)),
            ("lost answers retried / duplicated", f"{self.retried} / {len(self.retry_problems)}"),
            ("verdict", "OK" if self.ok else "FAILED"),
        ]
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)

    def details(self) -> list[str]:
        return [*self.missing, *self.mismatched_next_action, *self.idempotency_problems, *self.outbox_problems,
                *self.retry_problems]


def _interview_payload(n: int, interviewed_at: datetime) -> dict:
    return {
        "external_id": f"durability-{n}",
        "candidate": {"name": f"Candidate {n}"},
        "company": "Durable Systems", "position": "Engineer",
        "interviewers": [{"name": "Ada Lovelace"}],
        "interviewed_at": interviewed_at.isoformat(),
    }


def run(db_url: str, *, seconds: float = 5.0, workers: int = 3, threads: int = 8, interviews: int = 6,
        log=print) -> Result:
    """Load for `seconds`, SIGKILL the server while every client has a request in flight, restart, check.

    `db_url` must name a migrated database.
    """
    engine_name = make_url(db_url).get_backend_name()
    result = Result(engine=engine_name, seconds=0.0, workers=workers, threads=threads)
    server = LiveServer(db_url, workers=workers)
    server.start()
    acknowledged: list[tuple[str, str]] = []                 # (send id, idempotency key)
    in_doubt: list[tuple[str, str, dict]] = []               # (interview id, key, body) whose answer was lost
    lock = threading.Lock()
    stop = threading.Event()
    try:
        interviewed_at = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=60)
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            ids = []
            for n in range(interviews):
                r = client.post("/v1/interviews", json=_interview_payload(n, interviewed_at))
                r.raise_for_status()
                ids.append(r.json()["id"])

        def load(seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(base_url=server.base_url, timeout=10) as client:
                while not stop.is_set():
                    interview_id = rng.choice(ids)
                    body = {"kind": rng.choice(["thank_you", "check_in", "check_in"]), "channel": "email",
                            "sent_at": (interviewed_at + timedelta(minutes=rng.randrange(1, 59 * 24 * 60))).isoformat()}
                    key = uuid.uuid4().hex
                    try:
                        r = client.post(f"/v1/interviews/{interview_id}/sends", json=body,
                                        headers={"Idempotency-Key": key})
                    except httpx.ConnectError:
                        with lock:
                            result.refused += 1
                        return  # the server is gone
                    except TRANSPORT_ERRORS:
                        with lock:
                            result.attempted += 1
                            result.lost_answers += 1
                            in_doubt.append((interview_id, key, body))
                        continue
                    with lock:
                        result.attempted += 1
                        if r.status_code == 201:
                            acknowledged.append((r.json()["id"], key))
                        else:
                            result.other_statuses[r.status_code] += 1

        pool = [threading.Thread(target=load, args=(i,), daemon=True) for i in range(threads)]
        started = time.monotonic()
        for t in pool:
            t.start()
        time.sleep(seconds)
        result.seconds = time.monotonic() - started
        server.kill()
        for t in pool:  # each client stops at its first refused connection
            t.join(15)
        stop.set()
        result.acknowledged = len(acknowledged)
        log(f"{engine_name}: {result.acknowledged} acknowledged, {result.lost_answers} answers lost; restarting")

        restart = time.monotonic()
        server.start()
        result.restart_s = time.monotonic() - restart
        engine = db_engine(db_url)
        try:
            _check(engine, result, acknowledged)
            _retry_in_doubt(server, engine, result, in_doubt)
        finally:
            engine.dispose()
    finally:
        stop.set()
        server.stop()
    if result.ok:
        server.log_path.unlink(missing_ok=True)
    else:
        log(f"server log: {server.log_path}")
    return result


def _check(engine: Engine, result: Result, acknowledged: list[tuple[str, str]]) -> None:
    from app.followups.models import Send

    with Session(engine) as session:
        stored = {str(i) for i in session.exec(select(Send.id)).scalars()}
    result.stored_after_restart = len(stored)
    result.missing = [f"send {sid} (key {key}) was acknowledged but is not stored"
                      for sid, key in acknowledged if sid not in stored]
    result.mismatched_next_action = next_action_mismatches(engine)
    result.idempotency_final, result.idempotency_problems = idempotency_problems(engine)
    events = count_rows(engine, "outbox_event", "WHERE type = 'send.recorded'")
    if events != len(stored):
        result.outbox_problems.append(f"{events} send.recorded outbox events for {len(stored)} sends")


def _keys_stored(engine: Engine, keys: set[str]) -> set[str]:
    from app.idempotency import IdempotencyRecord

    with Session(engine) as session:
        return {r.key for r in session.exec(select(IdempotencyRecord)).scalars() if r.key in keys}


def _retry_in_doubt(server: LiveServer, engine: Engine, result: Result, in_doubt: list[tuple[str, str, dict]]) -> None:
    """A client whose answer was lost retries with the same key: its send must then exist exactly once."""
    keys = {key for _, key, _ in in_doubt}
    committed_before = _keys_stored(engine, keys)  # killed after the commit, before the answer
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        for interview_id, key, body in in_doubt:
            r = client.post(f"/v1/interviews/{interview_id}/sends", json=body, headers={"Idempotency-Key": key})
            result.retried += 1
            replayed = r.headers.get("Idempotent-Replayed") == "true"
            if r.status_code != 201 or replayed != (key in committed_before):
                result.retry_problems.append(f"retry of key {key}: {r.status_code}, replayed={replayed}, "
                                             f"committed before the kill={key in committed_before}")
    if _keys_stored(engine, keys) != keys:
        result.retry_problems.append("a retried key has no idempotency record")
    sends = count_rows(engine, "send")
    expected = result.stored_after_restart + len(keys - committed_before)
    if sends != expected:
        result.retry_problems.append(f"{sends} sends after the retries, expected {expected}")
    events = count_rows(engine, "outbox_event", "WHERE type = 'send.recorded'")
    if events != sends:
        result.retry_problems.append(f"after the retries: {events} send.recorded events for {sends} sends")


# --- command line ---------------------------------------------------------------------------

def _migrate(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=5.0, help="how long the load runs before the SIGKILL lands in it")
    parser.add_argument("--workers", type=int, default=3, help="uvicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="client threads")
    parser.add_argument("--database-url", default=os.environ.get("FOLLOWUP_TEST_DATABASE_URL", DEFAULT_PG_URL),
                        help="PostgreSQL server to create a scratch database on (postgres engine only)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="followup-durability-") as tmp:
        if args.engine == "sqlite":
            url, cleanup = f"sqlite:///{tmp}/durability.db", None
        else:
            admin = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
            name = f"followup_durability_{uuid.uuid4().hex[:8]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = make_url(args.database_url).set(database=name).render_as_string(hide_password=False)

            def cleanup() -> None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
        try:
            _migrate(url)
            result = run(url, seconds=args.seconds, workers=args.workers, threads=args.threads)
        finally:
            if cleanup:
                cleanup()
    print(result.table())
    for line in result.details()[:20]:
        print("  " + line)
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
