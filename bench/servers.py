"""Temporary databases (migrated SQLite file, PostgreSQL database created and dropped) and uvicorn
subprocesses for the benchmark: the service with one worker, or the bare FastAPI baseline."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def migrate(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")


@contextmanager
def sqlite_database(workdir: Path | None = None) -> Iterator[str]:
    """A fresh, migrated SQLite file, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bench-sqlite-", dir=workdir) as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate(url)
        yield url


@contextmanager
def postgres_database(admin_url: str = DEFAULT_PG_ADMIN_URL) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database, dropped afterwards (even if the run fails)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    name = f"followup_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        migrate(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgres_problem(admin_url: str = DEFAULT_PG_ADMIN_URL) -> str | None:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(admin_url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means unreachable
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def service_env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.update({
        "FOLLOWUP_DATABASE_URL": db_url,
        "FOLLOWUP_ENV": "development",
        "FOLLOWUP_ACCESS_LOG": "false",
        "FOLLOWUP_LOG_LEVEL": "WARNING",
        "FOLLOWUP_LOCAL_TENANT": "local",  # the tenant bench/seed.py loads rows into
        # The per-caller limiter would answer 429 after 120 requests from one address: off, so the
        # suite measures the request path, not the limiter's refusals.
        "FOLLOWUP_RATE_LIMIT_PER_MINUTE": "0",
    })
    return env


class Server:
    """One uvicorn process (one worker, log level warning, no access log) on a free loopback port."""

    def __init__(self, target: str, *, env: dict[str, str] | None = None, name: str = "") -> None:
        self.target = target
        self.name = name or target
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [PY, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "warning", "--no-access-log", "--no-server-header"],
            cwd=ROOT, env=env or dict(os.environ), stdout=self._log, stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, path: str = "/healthz", timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if httpx.get(self.base_url + path, timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not become ready in {timeout} s:\n{self.output()}")

    def output(self, tail: int = 4000) -> str:
        self._log.seek(0)
        text = self._log.read().decode(errors="replace")
        self._log.seek(0, 2)
        return text[-tail:] if tail else text

    def logged_errors(self) -> int:
        """Tracebacks the server has logged so far (each failed request logs one)."""
        return self.output(0).count("Traceback (most recent call last)")

    def cpu_ticks(self) -> int:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, all threads

    def wait_idle(self, timeout: float = 120.0, probe: str | None = "/readyz") -> float:
        """Wait until the worker has drained: its CPU use has stopped and `probe` (a sync route that
        needs the thread pool and the database) answers within a second. After wrk stops, a server
        may still be working through queued requests, or be stuck behind a lock with its thread pool
        full, and either would spoil the next measurement. Returns the seconds waited."""
        start = time.monotonic()
        quiet, last = 0, self.cpu_ticks()
        while time.monotonic() - start < timeout and self.proc.poll() is None:
            time.sleep(0.2)
            now = self.cpu_ticks()
            quiet = quiet + 1 if now - last <= 1 else 0
            last = now
            if quiet >= 2:
                if probe is None:
                    break
                try:
                    if httpx.get(self.base_url + probe, timeout=1.0).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
        return time.monotonic() - start

    def rss_mb(self) -> float | None:
        """Resident memory of the worker (VmRSS from /proc/<pid>/status), in MiB."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()

    def __enter__(self) -> "Server":
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def service(db_url: str) -> Server:
    return Server("app.main:app", env=service_env(db_url), name="service")


def baseline() -> Server:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "bench") + os.pathsep + env.get("PYTHONPATH", "")
    return Server("baseline_app:app", env=env, name="baseline")
