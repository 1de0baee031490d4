"""Request ids, one JSON log line per request, Prometheus metrics, and the request body cap.

Written as plain ASGI middleware: every request passes through it, so it must stay cheap.
"""
from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from starlette.exceptions import HTTPException

from app.errors import problem_response

access_log = logging.getLogger("app.access")
_SECRET_KEYS = ("authorization", "api_key", "secret", "password", "token")


class JsonFormatter(logging.Formatter):
    """One JSON object per line; extra fields passed with `extra=` are kept, secrets never are."""

    _skip = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key in self._skip or key.startswith("_"):
                continue
            out[key] = "[redacted]" if any(s in key.lower() for s in _SECRET_KEYS) else value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def configure_logging(level: str) -> None:
    root = logging.getLogger()
    if not any(getattr(h, "_followup", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler._followup = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    # uvicorn's own access log duplicates ours and costs throughput.
    logging.getLogger("uvicorn.access").disabled = True


class Metrics:
    """The service's Prometheus collectors, in a registry of their own (one per app instance)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total", "HTTP requests by method, route template and status.",
            ["method", "route", "status"], registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds", "Request latency by method and route template.",
            ["method", "route"], registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
        )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _valid_request_id(value: str | None) -> bool:
    return bool(value) and len(value) <= 128 and value.isascii() and value.isprintable()


class RequestContextMiddleware:
    """Assigns the request id, echoes it back, logs the request and records its metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics, access_log_enabled: bool = True) -> None:
        self.app = app
        self.metrics = metrics
        self.access_log_enabled = access_log_enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if _valid_request_id(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - start
            route = scope.get("route")
            template = getattr(route, "path_format", None) or getattr(route, "path", None) or "<unmatched>"
            method = scope["method"]
            self.metrics.requests.labels(method, template, str(status)).inc()
            self.metrics.latency.labels(method, template).observe(elapsed)
            if self.access_log_enabled:
                access_log.info(
                    "request",
                    extra={
                        "request_id": request_id, "method": method, "path": scope["path"], "route": template,
                        "status": status, "duration_ms": round(elapsed * 1000, 2),
                        "tenant": scope["state"].get("tenant_name"), "key_prefix": scope["state"].get("key_prefix"),
                    },
                )


class BodySizeLimitMiddleware:
    """Refuses bodies over the cap with a 413 problem, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # An HTTPException: FastAPI's body parser re-raises those (anything else becomes a
                    # 400), and the problem handler renders it as a 413.
                    raise HTTPException(413, self._detail())
            return message

        await self.app(scope, limited_receive, send)

    def _detail(self) -> str:
        return f"The request body exceeds the limit of {self.max_bytes} bytes."

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        from starlette.requests import Request

        response = problem_response(Request(scope), 413, self._detail())
        await response(scope, receive, send)
