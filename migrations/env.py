"""Alembic environment: the app's metadata, batch mode on SQLite, one migrator at a time on PostgreSQL."""
from __future__ import annotations

from alembic import context
from sqlalchemy import text

from app import tables
from app.db import make_engine
from app.settings import Settings

config = context.config
target_metadata = tables.metadata
# Any fixed number works; every replica uses the same one, so only one migrates at a time.
MIGRATION_LOCK_ID = 72_410_519


def _settings() -> Settings:
    url = config.get_main_option("sqlalchemy.url")
    return Settings(database_url=url) if url else Settings()


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=_settings().database_url, target_metadata=target_metadata, literal_binds=True,
        render_as_batch=_settings().is_sqlite,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _configure(connectable)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_settings())
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # One migrator at a time on SQLite too: BEGIN IMMEDIATE takes the write lock up front, so a
                # second migrator waits on the busy timeout and then finds nothing to do, instead of failing
                # with "database is locked" when its deferred read lock cannot be upgraded.
                connection.execution_options(sqlite_immediate=True)
            if connection.dialect.name == "postgresql":
                # Replicas starting together queue here; the first migrates, the rest find nothing to do.
                connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
                connection.commit()
            try:
                _configure(connection)
                with context.begin_transaction():
                    context.run_migrations()
                connection.commit()
            finally:
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID})
                    connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
