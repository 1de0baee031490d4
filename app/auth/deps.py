"""The request's principal: a Bearer key in production, the local tenant in development."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.auth.service import Principal, authenticate
from app.db import unit_of_work
from app.errors import Forbidden, Unauthorized

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="interview-followup"'}


def _principal(request: Request) -> Principal:
    state = request.app.state
    header = request.headers.get("authorization")
    if header is None and state.settings.env == "development":
        principal = state.local_principal
    else:
        scheme, _, token = (header or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(token) > 200:
            raise Unauthorized("Send an API key as `Authorization: Bearer <key>`.", headers=_CHALLENGE)
        with unit_of_work(state.engine, write=False) as session:
            principal = authenticate(session, token)
        if principal is None:
            raise Unauthorized("The API key is not valid.", headers=_CHALLENGE)
    request.scope["state"]["tenant_name"] = principal.tenant_name
    request.scope["state"]["key_prefix"] = principal.key_prefix
    return principal


def require(scope: str):
    """A dependency that admits principals holding `scope` (admin implies every scope)."""

    def _check(principal: Annotated[Principal, Depends(_principal)]) -> Principal:
        if scope not in principal.scopes and "admin" not in principal.scopes:
            raise Forbidden(f"This API key lacks the `{scope}` scope.")
        return principal

    return _check


Reader = Annotated[Principal, Depends(require("read"))]
Writer = Annotated[Principal, Depends(require("write"))]
Admin = Annotated[Principal, Depends(require("admin"))]
