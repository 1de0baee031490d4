"""Operational endpoints: liveness, readiness, Prometheus metrics, and the offline API docs."""
from __future__ import annotations

from pathlib import Path

import fastapi_offline
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from sqlalchemy import text

from app.settings import ROOT

router = APIRouter(tags=["operations"])
DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"


class Health(BaseModel):
    status: str = Field(..., description="`ok` when healthy.")


class Readiness(BaseModel):
    status: str = Field(..., description="`ok` or `unavailable`.")
    database: bool = Field(..., description="The database answered.")
    migrations_current: bool = Field(..., description="The database schema is at the latest migration.")
    detail: str | None = Field(None, description="What is wrong, when not ready.")


def migrations_home() -> Path:
    """Where alembic.ini and migrations/ live: the working directory (the container's /srv), else
    the source checkout this package runs from."""
    for candidate in (Path.cwd(), ROOT):
        if (candidate / "alembic.ini").is_file() and (candidate / "migrations").is_dir():
            return candidate
    raise RuntimeError(f"alembic.ini and migrations/ not found in {Path.cwd()} or {ROOT}; run from the repository root")


def head_revision() -> str | None:
    home = migrations_home()
    config = Config(str(home / "alembic.ini"))
    config.set_main_option("script_location", str(home / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    """The process is alive. Touches nothing else."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, summary="Readiness",
            responses={503: {"model": Readiness, "description": "Not ready"}})
def readyz(request: Request) -> JSONResponse:
    """Ready when the database answers and its schema is at the latest migration; 503 otherwise."""
    database, current, detail = False, False, None
    try:
        with request.app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            database = True
            current = MigrationContext.configure(conn).get_current_revision() == request.app.state.head_revision
            if not current:
                detail = "the database is not migrated to the latest revision; run `alembic upgrade head`"
    except Exception as exc:  # any driver error means not ready
        detail = f"database unreachable: {type(exc).__name__}"
    ready = database and current
    body = Readiness(status="ok" if ready else "unavailable", database=database, migrations_current=current,
                     detail=detail)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response,
            responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text exposition."}})
async def metrics(request: Request) -> Response:
    """Request counts and latency by method, route template and status."""
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)


def install_docs(app: FastAPI) -> None:
    """/docs and /redoc with their scripts and styles served from this process, not a CDN."""
    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url, title=f"{app.title} — API docs",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js", swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=app.openapi_url, title=f"{app.title} — API reference",
            redoc_js_url="/docs-assets/redoc.standalone.js", redoc_favicon_url="/docs-assets/favicon.png",
            with_google_fonts=False,
        )
