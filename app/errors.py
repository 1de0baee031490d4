"""Domain errors and the one place that turns every error into RFC 9457 problem+json."""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("app.errors")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://interview-followup.dev/problems/"


class FieldError(BaseModel):
    """One invalid input: where it is and what is wrong with it."""

    model_config = ConfigDict(extra="forbid")

    pointer: str | None = Field(None, description="JSON Pointer (RFC 6901) into the request body, e.g. `/interviewers/0/name`.")
    parameter: str | None = Field(None, description="Name of the invalid query, path or header parameter.")
    detail: str = Field(..., description="What is wrong with this field, in words.")


class Problem(BaseModel):
    """An RFC 9457 problem details object, served as `application/problem+json`."""

    type: str = Field(..., description="URI naming the kind of problem.")
    title: str = Field(..., description="Short summary of the kind of problem.")
    status: int = Field(..., description="The HTTP status code.")
    detail: str | None = Field(None, description="What went wrong in this occurrence, in words.")
    instance: str | None = Field(None, description="The request path.")
    request_id: str | None = Field(None, description="The request id (also in the `X-Request-ID` header), for support.")
    errors: list[FieldError] | None = Field(None, description="One entry per invalid field (validation problems only).")


class DomainError(Exception):
    """Raised below the routers; the handler renders it. Subclasses fix status, type and title."""

    status = 400
    slug = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str, *, errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra or {}


class NotFound(DomainError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(DomainError):
    status, slug, title = 409, "conflict", "Conflict"


class InvalidInput(DomainError):
    """A 422 for input that is well-formed but breaks a rule the schema cannot express."""

    status, slug, title = 422, "validation-error", "Invalid input"

    @classmethod
    def at(cls, pointer: str, detail: str) -> "InvalidInput":
        return cls(detail, errors=[{"pointer": pointer, "detail": detail}])


class Unauthorized(DomainError):
    status, slug, title = 401, "unauthorized", "Unauthorized"


class Forbidden(DomainError):
    status, slug, title = 403, "forbidden", "Forbidden"


class PayloadTooLarge(DomainError):
    status, slug, title = 413, "payload-too-large", "Payload too large"


class TooManyRequests(DomainError):
    status, slug, title = 429, "rate-limited", "Too many requests"


class ServiceUnavailable(DomainError):
    status, slug, title = 503, "unavailable", "Service unavailable"


_STATUS_TITLES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Unauthorized"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    413: ("payload-too-large", "Payload too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("validation-error", "Invalid input"),
    429: ("rate-limited", "Too many requests"),
    500: ("internal-error", "Internal server error"),
    503: ("unavailable", "Service unavailable"),
}


def problem_response(request: Request | None, status: int, detail: str | None, *, slug: str | None = None,
                     title: str | None = None, errors: list[dict[str, str]] | None = None,
                     headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None) -> JSONResponse:
    default_slug, default_title = _STATUS_TITLES.get(status, ("error", "Error"))
    body: dict[str, Any] = {
        "type": TYPE_BASE + (slug or default_slug),
        "title": title or default_title,
        "status": status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.url.path
        body["request_id"] = getattr(request.state, "request_id", None)
    if errors is not None:
        body["errors"] = errors
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _pointer(loc: tuple[Any, ...]) -> dict[str, str]:
    """Turn a pydantic location into a JSON pointer (body) or a parameter name (query, path, header)."""
    if not loc:
        return {"pointer": ""}
    where, *rest = loc
    # pydantic puts the validator's own name in the location for union/tagged types; drop those.
    parts = [str(p) for p in rest if not (isinstance(p, str) and (p.startswith("function-") or "[" in p))]
    if where == "body":
        escaped = [p.replace("~", "~0").replace("/", "~1") for p in parts]
        return {"pointer": "/" + "/".join(escaped) if escaped else ""}
    return {"parameter": ".".join(parts) if parts else str(where)}


def _message(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "invalid"))
    if err.get("type") == "timezone_aware":
        return "must include a UTC offset or Z (RFC 3339), e.g. 2026-03-10T14:00:00-05:00; a naive time is ambiguous"
    if err.get("type") == "extra_forbidden":
        return "unknown field; remove it (see the schema for the accepted fields)"
    if err.get("type") == "missing":
        return "field required"
    return msg.removeprefix("Value error, ")


def validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        entry = _pointer(loc)
        entry["detail"] = _message(err)
        out.append(entry)
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        return problem_response(request, exc.status, exc.detail, slug=exc.slug, title=exc.title,
                                errors=exc.errors, headers=exc.headers, extra=exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(exc)
        where = ", ".join(e.get("pointer") or e.get("parameter") or "/" for e in errors[:5])
        return problem_response(request, 422, f"The request is invalid at: {where}.", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else None
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"No route matches {request.url.path}."
        if exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}."
        return problem_response(request, exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"request_id": getattr(request.state, "request_id", None)})
        return problem_response(request, 500, "An unexpected error occurred; it has been logged with this request id.")
