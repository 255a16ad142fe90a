"""`triage db upgrade|downgrade|current`: Alembic migrations for the configured database."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config

from triage.cli.context import cli_runtime
from triage.db import session_scope
from triage.services.routing import ensure_default_teams_and_rules

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(database_url: str) -> Config:
    """An Alembic config for our migrations folder and this database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


@click.group("db")
def db_group() -> None:
    """Database schema migrations."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
def upgrade_cmd(revision: str) -> None:
    """Upgrade the schema (default: newest), and seed the default teams and rules if there are none."""
    runtime = cli_runtime()
    upgrade(runtime.settings.database_url, revision)
    if revision == "head":
        with session_scope(runtime.sessions) as session:
            teams = ensure_default_teams_and_rules(session)
        click.echo(f"database at head; {len(teams)} teams")
    else:
        click.echo(f"database at {revision}")


@db_group.command("downgrade")
@click.argument("revision")
def downgrade_cmd(revision: str) -> None:
    """Downgrade the database schema to REVISION (e.g. base)."""
    runtime = cli_runtime()
    command.downgrade(alembic_config(runtime.settings.database_url), revision)
    click.echo(f"database at {revision}")
