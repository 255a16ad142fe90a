"""`triage create-user` and `triage create-api-token`."""

from __future__ import annotations

import hashlib
import os
import secrets

import click

from triage.cli.context import cli_runtime
from triage.db import session_scope
from triage.models import ApiToken
from triage.models.team import ROLES
from triage.services.users import UserError, create_user


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--team", "teams", multiple=True, help="A team the user works in (repeatable).")
@click.option("--name", default="", help="Display name.")
def create_user_cmd(email: str, role: str, teams: tuple[str, ...], name: str) -> None:
    """Create or update a staff user; the password comes from TRIAGE_NEW_PASSWORD or a prompt."""
    password = os.environ.get("TRIAGE_NEW_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    runtime = cli_runtime()
    try:
        with session_scope(runtime.sessions) as session:
            user = create_user(session, email, role=role, password=password, teams=list(teams), name=name)
            summary = f"{user.email} ({user.role}) teams: {', '.join(t.name for t in user.teams) or 'none'}"
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"user saved: {summary}")


@click.command("create-api-token")
@click.argument("name")
def create_api_token_cmd(name: str) -> None:
    """Create a token for the JSON API; it is shown once, and only its hash is stored."""
    token = secrets.token_urlsafe(32)
    runtime = cli_runtime()
    with session_scope(runtime.sessions) as session:
        session.add(ApiToken(name=name, token_sha256=hashlib.sha256(token.encode()).hexdigest()))
    click.echo(token)
