"""Migrations: upgrade → downgrade → upgrade works, and the models match the migrations."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.tables import metadata
from tests.conftest import alembic_config


def test_upgrade_downgrade_upgrade_and_models_match(db_url, engine):
    cfg = alembic_config(db_url)
    command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == [], f"models and migrations differ; generate a revision: {diff}"
    assert {t.name for t in metadata.sorted_tables} <= set(inspect(engine).get_table_names())
