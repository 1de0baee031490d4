"""Secure response defaults (a pure-ASGI middleware) and the in-process per-key rate limiter."""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Every response: no MIME sniffing, no referrer, never framed.
_ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
# Everything but the docs pages: nothing may load or run (JSON needs neither). The docs pages run
# an inline script to start Swagger UI / ReDoc, which this policy would block.
_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
_DOCS_PATHS = ("/docs", "/redoc", "/docs-assets/")
_NO_STORE = (b"cache-control", b"no-store")


class SecurityHeadersMiddleware:
    """Adds secure defaults to every HTTP response, without overriding a header the app set:
    `nosniff`, `no-referrer`, `X-Frame-Options: DENY`, a locked-down CSP outside the docs, and
    `Cache-Control: no-store` under /v1 (tenant data must not sit in shared or browser caches)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        extra = list(_ALWAYS)
        if not path.startswith(_DOCS_PATHS):
            extra.append(_CSP)
        if path.startswith("/v1/") or path == "/v1":
            extra.append(_NO_STORE)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in extra if name not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets, one per caller: `burst` requests at once, refilled at `per_minute` a minute.

    In-process: each worker process keeps its own buckets, so with N workers a caller may get up
    to N times the rate. Good enough to stop a runaway client; use the proxy for a global limit.
    """

    MAX_BUCKETS = 10_000

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError("per_minute must be positive and burst at least 1 (use no limiter to disable)")
        self.rate = per_minute / 60.0  # tokens per second
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()  # sync dependencies run in the thread pool

    def _refilled(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.MAX_BUCKETS:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        return bucket

    def _prune(self, now: float) -> None:
        # A bucket that would be full again is indistinguishable from a new one: forget it.
        full_after = self.burst / self.rate
        for key in [k for k, b in self._buckets.items() if now - b.updated >= full_after]:
            del self._buckets[key]
        if len(self._buckets) >= self.MAX_BUCKETS:  # still full of busy callers: drop the oldest half
            for key in sorted(self._buckets, key=lambda k: self._buckets[k].updated)[: self.MAX_BUCKETS // 2]:
                del self._buckets[key]

    def _wait(self, bucket: _Bucket) -> int:
        return max(1, math.ceil((1.0 - bucket.tokens) / self.rate))

    def hit(self, key: str) -> int | None:
        """Take one token for `key`: None when allowed, else the seconds until one is available."""
        with self._lock:
            bucket = self._refilled(key, self.clock())
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return None
            return self._wait(bucket)


def make_rate_limiter(per_minute: int, burst: int) -> RateLimiter | None:
    """The configured limiter, or None when `per_minute` is 0 (limiting off)."""
    return RateLimiter(per_minute, burst) if per_minute > 0 else None
