"""Settings: the one place that reads the environment (FOLLOWUP_* variables, optionally a .env file)."""
from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'followup.db'}"


class Settings(BaseSettings):
    """Every knob the service reads. Each field is documented in the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="FOLLOWUP_", env_file=".env", extra="ignore")

    env: Literal["development", "production"] = Field(
        "development",
        description="`development` serves one local tenant without an API key (loopback only); "
        "`production` requires `Authorization: Bearer <key>` on every /v1 request.",
    )
    database_url: str = Field(DEFAULT_SQLITE_URL, description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://…")
    db_pool_size: int = Field(5, ge=1, le=100, description="PostgreSQL connections kept per process.")
    db_max_overflow: int = Field(5, ge=0, le=100, description="Extra PostgreSQL connections under burst.")
    db_pool_timeout: float = Field(10.0, gt=0, le=120, description="Seconds to wait for a pooled connection.")
    sqlite_busy_timeout_ms: int = Field(5000, ge=0, le=60000, description="SQLite busy timeout.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Root log level.")
    access_log: bool = Field(True, description="Log one JSON line per request.")
    host: str = Field("127.0.0.1", description="Address `python -m app serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `python -m app serve` binds to.")
    workers: int = Field(1, ge=1, le=64, description="uvicorn worker processes for `python -m app serve`.")
    max_body_bytes: int = Field(1_048_576, ge=1024, le=50_000_000, description="Largest request body accepted (413 beyond).")
    rate_limit_per_minute: int = Field(600, ge=0, le=1_000_000, description="Requests per minute per API key (0 = off).")
    rate_limit_burst: int = Field(120, ge=1, le=100_000, description="Requests a key may send at once before the rate applies.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS; empty = CORS off.")
    idempotency_ttl_hours: int = Field(24, ge=1, le=720, description="How long an Idempotency-Key is remembered.")
    webhook_allow_private: bool = Field(False, description="Allow webhook URLs on loopback/private addresses (tests, local dev).")
    webhook_timeout_s: float = Field(5.0, gt=0, le=60, description="Timeout of one webhook delivery attempt.")
    webhook_max_attempts: int = Field(8, ge=1, le=50, description="Attempts before a delivery is given up.")
    webhook_disable_after_failures: int = Field(20, ge=1, le=1000, description="Consecutive failed deliveries that disable an endpoint.")
    worker_poll_s: float = Field(1.0, gt=0, le=60, description="How often the worker looks for due work.")
    local_tenant: str = Field("local", description="Name of the tenant served without a key in development.")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @model_validator(mode="after")
    def _refuse_open_mode_off_loopback(self) -> "Settings":
        if self.env == "development" and not _is_loopback(self.host):
            raise ValueError(
                f"FOLLOWUP_ENV=development serves without API keys and may bind only to loopback, not {self.host!r}; "
                "set FOLLOWUP_ENV=production (and create keys) to listen on other addresses"
            )
        return self


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@lru_cache
def get_settings() -> Settings:
    return Settings()
