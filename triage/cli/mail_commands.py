"""`triage ingest` and `triage reprocess`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy import select

from triage.cli.context import cli_runtime
from triage.cli.ingest_run import ingest_paths
from triage.db import session_scope
from triage.jobs.processing import process_message
from triage.models import Message


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--async", "run_async", is_flag=True, help="Enqueue processing instead of waiting for it.")
def ingest_cmd(paths: tuple[Path, ...], run_async: bool) -> None:
    """Store and process .eml files, mbox files, form .json files and folders of them."""
    counts = ingest_paths(cli_runtime(), list(paths), run_async=run_async,
                          report=lambda line: click.echo(line, err=True))
    summary = ", ".join(f"{n} {label}" for label, n in counts.items() if n) or "nothing to ingest"
    click.echo(f"ingest: {summary}")
    if counts["quarantined"] or counts["refused"]:
        sys.exit(1)


@click.command("reprocess")
@click.argument("message_ids", nargs=-1, type=int)
@click.option("--failed", is_flag=True, help="Every quarantined message.")
def reprocess_cmd(message_ids: tuple[int, ...], failed: bool) -> None:
    """Run the pipeline again for messages by id, or for every quarantined message."""
    runtime = cli_runtime()
    ids = list(message_ids)
    if failed:
        with session_scope(runtime.sessions) as session:
            ids += list(session.scalars(select(Message.id).where(Message.status == "quarantined").order_by(Message.id)))
    if not ids:
        raise click.UsageError("give message ids or --failed")
    failures = 0
    for message_id in ids:
        try:
            process_message(message_id, force=True)
            click.echo(f"message {message_id}: processed")
        except LookupError:
            failures += 1
            click.echo(f"message {message_id}: no such message", err=True)
        except Exception as exc:  # quarantined again by the job, with the reason
            failures += 1
            click.echo(f"message {message_id}: still failing: {type(exc).__name__}: {exc}", err=True)
    if failures:
        sys.exit(1)
