"""The request's principal: a Bearer key in production, the local tenant in development; the
per-caller rate limit; and the scope checks routes declare as `Reader`, `Writer`, `Admin`."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from app.auth.service import Principal, authenticate
from app.db import unit_of_work
from app.errors import Forbidden, TooManyRequests, Unauthorized

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="interview-followup"'}
# One answer for a missing, malformed, unknown, wrong or revoked key: the response must not tell
# a caller whether a key prefix exists.
_UNAUTHORIZED = "A valid API key is required: send `Authorization: Bearer <key>`."
_MAX_KEY_LENGTH = 200


def _lookup(engine, token: str) -> Principal | None:
    # A fresh lookup per request, never cached: a revoked key fails on its very next use.
    with unit_of_work(engine, write=False) as session:
        return authenticate(session, token)


async def _authenticate(request: Request, header: str | None) -> Principal:
    scheme, _, token = (header or "").partition(" ")
    token = token.strip()
    principal = None
    if scheme.lower() == "bearer" and token and len(token) <= _MAX_KEY_LENGTH:
        # Only the database lookup needs a thread; the rest of the check runs on the event loop.
        principal = await run_in_threadpool(_lookup, request.app.state.engine, token)
    if principal is None:
        raise Unauthorized(_UNAUTHORIZED, headers=_CHALLENGE)
    return principal


async def _principal(request: Request) -> Principal:
    state = request.app.state
    header = request.headers.get("authorization")
    if header is None and state.settings.env == "development":
        principal = state.local_principal
        caller = f"addr:{request.client.host if request.client else 'unknown'}"
    else:
        principal = await _authenticate(request, header)
        # Limited by the authenticated key, never by a prefix the caller merely claims, so nobody
        # can drain another key's bucket.
        caller = f"key:{principal.key_prefix}"
    request.scope["state"]["tenant_name"] = principal.tenant_name
    request.scope["state"]["key_prefix"] = principal.key_prefix
    limiter = getattr(state, "rate_limiter", None)
    if limiter is not None and (wait := limiter.hit(caller)) is not None:
        raise TooManyRequests(f"Rate limit exceeded; retry in {wait} s.", headers={"Retry-After": str(wait)})
    return principal


def require(scope: str):
    """A dependency that admits principals holding `scope` (admin implies every scope)."""

    async def _check(principal: Annotated[Principal, Depends(_principal)]) -> Principal:
        if scope not in principal.scopes and "admin" not in principal.scopes:
            raise Forbidden(f"This API key lacks the `{scope}` scope.")
        return principal

    _check.required_scope = scope  # type: ignore[attr-defined]  # read by the scope tests
    return _check


Reader = Annotated[Principal, Depends(require("read"))]
Writer = Annotated[Principal, Depends(require("write"))]
Admin = Annotated[Principal, Depends(require("admin"))]
