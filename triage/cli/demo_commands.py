"""`triage demo`: the embedded quick start with sample cases and mail."""

from __future__ import annotations

from pathlib import Path

import click

from triage.cli.context import cli_runtime
from triage.cli.db_commands import upgrade
from triage.cli.ingest_run import ingest_paths
from triage.cli.server_commands import serve
from triage.db import session_scope
from triage.services.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data

REPO = Path(__file__).resolve().parents[2]


@click.command("demo")
@click.option("--serve/--no-serve", "then_serve", default=True, show_default=True, help="Start the web app afterwards.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo_cmd(then_serve: bool, host: str, port: int) -> None:
    """Set up the database, teams, users, sample cases and sample mail, then serve."""
    runtime = cli_runtime()
    upgrade(runtime.settings.database_url)
    with session_scope(runtime.sessions) as session:
        report = load_demo_data(session, REPO / "data" / "samples")
    click.echo(report)
    counts = ingest_paths(runtime, [REPO / "data" / "samples" / "mail"], run_async=False,
                          report=lambda line: click.echo(line, err=True))
    click.echo("sample mail: " + ", ".join(f"{n} {label}" for label, n in counts.items() if n))
    click.echo("Sign in at http://%s:%d/login with any of these (password: %s):" % (host, port, DEMO_PASSWORD))
    for email, role, teams in DEMO_USERS:
        click.echo(f"  {email:32} {role:10} {', '.join(teams)}")
    if then_serve:
        serve(host, port, None)
