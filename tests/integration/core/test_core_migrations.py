"""Migrations: one head; upgrade, downgrade and upgrade again on SQLite and PostgreSQL; no drift."""

import warnings

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from triage.cli.db_commands import alembic_config
from triage.db import Base, make_engine


FULL_TEXT_INDEXES = {"ix_messages_words", "ix_conversations_words"}


def test_there_is_a_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_upgrade_downgrade_round_trip_and_models_match(fresh_database_url: str) -> None:
    empty_database_url = fresh_database_url
    config = alembic_config(empty_database_url)
    command.upgrade(config, "head")
    engine = make_engine(empty_database_url)
    try:
        with engine.connect() as conn, warnings.catch_warnings():
            # SQLite cannot reflect the PostgreSQL-only full-text (expression) indexes; PostgreSQL compares them.
            warnings.filterwarnings("ignore", message=".*expression-based index.*", category=UserWarning)
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        # PostgreSQL reflects the full-text expression with its casts ("(subject)::text || ' '::text"),
        # which never equals the model's expression text: the same name removed and added is no drift.
        # (The index's presence is checked below.)
        renamed = {op[1].name for op in diff if op[0] == "remove_index"} & {op[1].name for op in diff if op[0] == "add_index"}
        diff = [op for op in diff if not (op[0] in ("remove_index", "add_index") and op[1].name in renamed
                                           and op[1].name in FULL_TEXT_INDEXES)]
        assert diff == [], f"models and migrations differ; add a migration: {diff}"
        command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        command.upgrade(config, "head")
        assert "messages" in inspect(engine).get_table_names()
        full_text = {"ix_messages_words"} & {ix["name"] for ix in inspect(engine).get_indexes("messages")}
        assert full_text == ({"ix_messages_words"} if engine.dialect.name == "postgresql" else set())
    finally:
        engine.dispose()
