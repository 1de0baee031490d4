"""The ASGI application: create_app() wires settings, database, middleware, routers and errors."""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from sqlalchemy.exc import DBAPIError
from fastapi.middleware.cors import CORSMiddleware

from app import system
from app.auth.router import router as auth_router
from app.auth.service import Principal, get_or_create_tenant
from app.db import SQLITE_POOL_SIZE, make_engine, unit_of_work
from app.drafts.router import router as drafts_router
from app.errors import Problem, install_error_handlers
from app.followups.router import router as followups_router
from app.interviews.router import router as interviews_router
from app.scoring.proofread import warm_up as warm_up_scoring
from app.scoring.router import router as scoring_router
from app.observability import BodySizeLimitMiddleware, Metrics, RequestContextMiddleware, configure_logging
from app.openapi_doc import DESCRIPTION, customize_openapi
from app.security import SecurityHeadersMiddleware, make_rate_limiter
from app.settings import Settings, get_settings
from app.webhooks.router import router as webhooks_router

log = logging.getLogger("app")

PROBLEM_RESPONSES = {
    status: {"model": Problem, "content": {"application/problem+json": {}}, "description": desc}
    for status, desc in {
        400: "Bad request", 401: "Missing or invalid API key", 403: "The key lacks a scope",
        404: "Not found (or another tenant's)", 409: "Conflict", 413: "Request body too large",
        422: "Invalid input: `errors` names each field", 429: "Rate limited (see Retry-After)",
    }.items()
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.engine = make_engine(settings)
        app.state.sqlite_write_lock = asyncio.Lock() if settings.is_sqlite else None
        # Requests holding a session at once (see app.db._session): the pool's steady size, so the
        # overflow connections stay free for key lookups and other short side paths.
        app.state.db_slots = anyio.Semaphore(SQLITE_POOL_SIZE if settings.is_sqlite else settings.db_pool_size)
        # The spelling dictionary and its index (~0.4 s) load now, not inside the first request,
        # which would hold the event loop and every connection behind it.
        await anyio.to_thread.run_sync(warm_up_scoring)
        app.state.head_revision = system.head_revision()
        if settings.env == "development":
            try:
                with unit_of_work(app.state.engine) as session:
                    tenant = get_or_create_tenant(session, settings.local_tenant)
            except DBAPIError as exc:
                raise RuntimeError(
                    "The database is not ready (is it migrated? run `make migrate` or `alembic upgrade head`): "
                    f"{type(exc.orig).__name__}: {exc.orig}") from None
            app.state.local_principal = Principal(tenant.id, tenant.name, frozenset({"read", "write", "admin"}))
            log.warning(
                "DEVELOPMENT MODE: serving tenant %r WITHOUT API KEYS on loopback only. "
                "Set FOLLOWUP_ENV=production for any shared deployment.", tenant.name,
            )
        yield
        app.state.engine.dispose()

    app = FastAPI(
        title="interview-followup",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        responses=PROBLEM_RESPONSES,
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.state.rate_limiter = make_rate_limiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    install_error_handlers(app)
    app.include_router(interviews_router)
    app.include_router(followups_router)
    app.include_router(scoring_router)
    app.include_router(drafts_router)
    app.include_router(auth_router)
    app.include_router(webhooks_router)
    app.include_router(system.router)
    system.install_docs(app)
    customize_openapi(app)

    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
                           allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"])
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestContextMiddleware, metrics=app.state.metrics, access_log_enabled=settings.access_log)
    return app


def __getattr__(name: str):
    # `app.main:app` is built on first access, not at import, so tests and tools import freely.
    if name == "app":
        global app
        app = create_app()
        return app
    raise AttributeError(name)
