"""The webhook and due-action worker: outbox fan-out, the due scan, and signed deliveries with retries.

`python -m app worker [--once]`. Any number of workers may run: on PostgreSQL they share the work
(SKIP LOCKED); on SQLite one at a time holds a lease and the others wait for it.
"""
from __future__ import annotations

import logging
import os
import random
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
from sqlalchemy.engine import Engine

from app import tables  # noqa: F401 - every table, so foreign keys resolve in a bare worker process
from app.db import make_engine, unit_of_work
from app.dbtypes import utcnow
from app.settings import Settings, get_settings
from app.webhooks import service, signing, ssrf

log = logging.getLogger("app.webhooks.worker")

BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 3600.0
BATCH = 100
LEASE_NAME = "webhook-worker"
# How long a claimed delivery stays ours beyond the HTTP timeout before another worker may retry it.
LEASE_MARGIN_S = 30.0
STALE_SWEEP_EVERY_S = 60.0


def backoff_delay(attempt: int, *, base_s: float = BACKOFF_BASE_S, cap_s: float = BACKOFF_CAP_S,
                  rng: Callable[[float, float], float] = random.uniform) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base·2^(attempt-1))]."""
    return rng(0.0, min(cap_s, base_s * 2 ** max(0, attempt - 1)))


class Worker:
    """One worker. `clock` and `backoff_base_s` are injectable so tests run fast and deterministic."""

    def __init__(self, engine: Engine, settings: Settings, *, clock: Callable[[], datetime] = utcnow,
                 backoff_base_s: float = BACKOFF_BASE_S, backoff_cap_s: float = BACKOFF_CAP_S,
                 http: httpx.Client | None = None, holder: str | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock
        self.backoff_base_s = backoff_base_s
        self.backoff_cap_s = backoff_cap_s
        # trust_env=False: no proxy from the environment; we connect to the address we checked.
        self.http = http or httpx.Client(timeout=settings.webhook_timeout_s, follow_redirects=False, trust_env=False)
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.is_sqlite = engine.dialect.name == "sqlite"
        self.lease_s = settings.webhook_timeout_s + LEASE_MARGIN_S
        self._last_sweep: datetime | None = None

    # --- one pass -----------------------------------------------------------------------------

    def run_once(self) -> int:
        """Do what is due now: fan out, announce due actions, deliver. Returns the work done (0 = idle)."""
        if self.is_sqlite and not self._renew_lease():
            return 0
        try:
            done = self.fan_out()
            done += self.announce_due()
            done += self.deliver_due()
            return done
        finally:
            if self.is_sqlite:
                with unit_of_work(self.engine) as session:
                    service.release_lease(session, LEASE_NAME, self.holder)

    def _renew_lease(self) -> bool:
        now = self.clock()
        with unit_of_work(self.engine) as session:
            return service.acquire_lease(session, LEASE_NAME, self.holder, now, now + timedelta(seconds=self.lease_s))

    def fan_out(self) -> int:
        total = 0
        while True:
            with unit_of_work(self.engine) as session:
                count = service.fan_out(session, self.clock(), limit=BATCH)
            total += count
            if count < BATCH:
                return total

    def announce_due(self) -> int:
        now = self.clock()
        if self._last_sweep is None or now - self._last_sweep >= timedelta(seconds=STALE_SWEEP_EVERY_S):
            self._last_sweep = now
            cursor = None
            while True:
                with unit_of_work(self.engine) as session:
                    _, cursor = service.refresh_stale_thank_yous(session, now, after=cursor, limit=BATCH)
                if cursor is None:
                    break
        emitted = 0
        while True:
            with unit_of_work(self.engine) as session:
                examined, count = service.announce_due(session, self.clock(), limit=BATCH)
            emitted += count
            if examined < BATCH or not count:
                break  # a full batch that announced nothing: leave the rest to the next poll
        if emitted:
            self.fan_out()  # so the new events go out in this same pass
        return emitted

    def deliver_due(self) -> int:
        delivered = 0
        while True:
            if self.is_sqlite and not self._renew_lease():
                return delivered
            now = self.clock()
            with unit_of_work(self.engine) as session:
                claims = service.claim_deliveries(session, now, now + timedelta(seconds=self.lease_s), limit=BATCH)
            for claim in claims:
                if self.is_sqlite and not self._renew_lease():
                    return delivered  # the rest stay leased until locked_until, then anyone retries them
                self.deliver(claim)
                delivered += 1
            if not claims:
                return delivered

    # --- one delivery -------------------------------------------------------------------------

    def attempt(self, claim: service.Claim) -> service.AttemptResult:
        """POST the signed event to the endpoint, connecting to the address that passed the SSRF check."""
        body = signing.envelope(str(claim.event_id), claim.event_type, claim.event_at.isoformat(), claim.payload)
        headers = signing.headers(claim.secret, str(claim.event_id), int(time.time()), body)
        try:
            target = ssrf.check_url(claim.url, allow_private=self.settings.webhook_allow_private)
        except ssrf.UnsafeURL as exc:
            return service.AttemptResult(None, None, f"refused: {exc}")
        url = httpx.URL(claim.url)
        headers["host"] = url.netloc.decode("ascii")
        pinned = url.copy_with(host=target.address)
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        started = time.perf_counter()
        try:
            with self.http.stream("POST", pinned, content=body.encode(), headers=headers,
                                  extensions=extensions) as response:
                status = response.status_code
        except httpx.HTTPError as exc:
            latency = (time.perf_counter() - started) * 1000
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            return service.AttemptResult(None, round(latency, 3), reason)
        latency = (time.perf_counter() - started) * 1000
        error = None if 200 <= status < 300 else f"HTTP {status}"
        return service.AttemptResult(status, round(latency, 3), error)

    def deliver(self, claim: service.Claim) -> str | None:
        result = self.attempt(claim)
        with unit_of_work(self.engine) as session:
            status = service.record_attempt(
                session, claim, result, self.clock(), max_attempts=self.settings.webhook_max_attempts,
                disable_after=self.settings.webhook_disable_after_failures,
                backoff_s=lambda n: backoff_delay(n, base_s=self.backoff_base_s, cap_s=self.backoff_cap_s))
        if status is None:
            log.warning("delivery %s: lease lost before the result was recorded", claim.delivery_id)
        elif not result.ok:
            log.info("delivery %s attempt %d failed (%s): %s", claim.delivery_id, claim.attempt, status, result.error)
        return status

    def close(self) -> None:
        self.http.close()


def main(once: bool) -> int:
    """Run until SIGTERM/SIGINT (or one pass with `once`). Returns the process exit code."""
    settings = get_settings()
    engine = make_engine(settings)
    worker = Worker(engine, settings)
    stop = threading.Event()
    if not once:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        log.info("webhook worker %s started", worker.holder)
    try:
        while True:
            try:
                done = worker.run_once()
            except Exception:  # noqa: BLE001 - keep serving; the failed step is retried next poll
                if once:
                    raise
                log.exception("worker pass failed")
                done = 0
            if once:
                return 0
            if not done and stop.wait(settings.worker_poll_s):
                return 0
            if stop.is_set():
                return 0
    finally:
        worker.close()
        engine.dispose()
