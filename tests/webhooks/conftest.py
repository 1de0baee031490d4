"""A real HTTP receiver on 127.0.0.1, a settable clock, and apps and workers that may call loopback."""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.dbtypes import utcnow
from app.main import create_app
from app.settings import Settings
from app.webhooks.worker import Worker
from tests.conftest import make_settings


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Records every POST; answers with queued statuses first, then `default_status`."""

    url: str = ""
    default_status: int = 204
    delay_s: float = 0.0
    statuses: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, *statuses: int) -> None:
        with self.lock:
            self.statuses.extend(statuses)

    def _next_status(self) -> int:
        with self.lock:
            return self.statuses.pop(0) if self.statuses else self.default_status

    def events(self) -> list[dict]:
        with self.lock:
            return [r.json for r in self.requests]


def serve(state: Receiver, ssl_context=None, host: str = "127.0.0.1") -> Callable[[], None]:
    """Start a threaded HTTP(S) server recording into `state`; returns its shutdown function."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            if state.delay_s:
                time.sleep(state.delay_s)
            status = state._next_status()
            with state.lock:
                state.requests.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if ssl_context is not None:
        server.socket = ssl_context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"{'https' if ssl_context else 'http'}://{host}:{server.server_address[1]}/hooks"

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return stop


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    stop = serve(state)
    yield state
    stop()


class Clock:
    """A clock the test moves: starts at the real now."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hook_settings(db_url: str) -> Settings:
    return make_settings(db_url, webhook_allow_private=True, webhook_max_attempts=3,
                         webhook_disable_after_failures=5, webhook_timeout_s=5)


@pytest.fixture
def hook_client(hook_settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """A development-mode client whose app accepts loopback webhook URLs."""
    with TestClient(create_app(hook_settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def make_worker(engine: Engine, hook_settings: Settings, clock: Clock) -> Iterator[Callable[..., Worker]]:
    workers: list[Worker] = []

    def make(**kwargs) -> Worker:
        kwargs.setdefault("clock", clock)
        worker = Worker(engine, kwargs.pop("settings", hook_settings), **kwargs)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.close()


def register(client: TestClient, url: str, events: list[str] | None = None) -> dict:
    response = client.post("/v1/webhooks", json={"url": url, "events": events or [
        "next_action.due", "send.recorded", "reply.recorded", "interview.created", "interview.deleted"]})
    assert response.status_code == 201, response.text
    return response.json()


def new_interview(client: TestClient, payload: dict, interviewed_at: datetime, **extra) -> dict:
    response = client.post("/v1/interviews", json={**payload, "interviewed_at": interviewed_at.isoformat(), **extra})
    assert response.status_code == 201, response.text
    return response.json()
