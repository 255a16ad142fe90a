"""`triage demo`: the embedded quick start with sample cases and mail."""

from __future__ import annotations

from pathlib import Path

import click

from triage.cli.context import cli_runtime
from triage.cli.db_commands import upgrade
from triage.cli.ingest_run import ingest_paths
from triage.cli.server_commands import serve
from triage.db import session_scope, utcnow
from triage.jobs.processing import process_message
from triage.runtime import Runtime
from triage.services.clock_escalation import check_clocks
from triage.services.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data
from triage.services.demo_history import has_history, settle_history, store_history
from triage.services.insight import refresh_since

REPO = Path(__file__).resolve().parents[2]


def _load_history(runtime: Runtime) -> None:
    """Store, process and partly answer twelve weeks of past contact (once per database)."""
    now = utcnow()
    with session_scope(runtime.sessions) as session:
        if has_history(session):
            return
        ids = store_history(session, REPO / "data" / "samples", now)
    click.echo(f"history: processing {len(ids)} past contacts...")
    for message_id in ids:
        process_message(message_id)
    with session_scope(runtime.sessions) as session:
        answered = settle_history(session, ids, now)
    with session_scope(runtime.sessions) as session:
        refresh_since(session, full=True)  # the answers changed the service-clock figures
    click.echo(f"history: {len(ids)} past contacts, {answered} answered")


@click.command("demo")
@click.option("--serve/--no-serve", "then_serve", default=True, show_default=True, help="Start the web app afterwards.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--history/--no-history", default=True, show_default=True,
              help="Also load twelve weeks of synthetic past contact for the dashboard.")
def demo_cmd(then_serve: bool, host: str, port: int, history: bool) -> None:
    """Set up the database, teams, users, sample cases and sample mail, then serve."""
    runtime = cli_runtime()
    upgrade(runtime.settings.database_url)
    with session_scope(runtime.sessions) as session:
        report = load_demo_data(session, REPO / "data" / "samples")
    click.echo(report)
    counts = ingest_paths(runtime, [REPO / "data" / "samples" / "mail"], run_async=False,
                          report=lambda line: click.echo(line, err=True))
    click.echo("sample mail: " + ", ".join(f"{n} {label}" for label, n in counts.items() if n))
    if history:
        _load_history(runtime)
    with session_scope(runtime.sessions) as session:
        checked = check_clocks(session, utcnow())  # what the hourly cron job does
    click.echo(f"clocks: {checked.evaluated} checked, {len(checked.breached)} breached, {len(checked.due_soon)} due soon")
    click.echo("Sign in at http://%s:%d/login with any of these (password: %s):" % (host, port, DEMO_PASSWORD))
    for email, role, teams in DEMO_USERS:
        click.echo(f"  {email:32} {role:10} {', '.join(teams)}")
    if then_serve:
        serve(host, port, None)
