"""`triage export messages`: the export contract of DESIGN.md §5 (no NLP stack imported)."""

from __future__ import annotations

import json
import sys

import click

from triage.cli.context import cli_runtime
from triage.db import session_scope
from triage.services.export import export_messages


@click.group("export")
def export_group() -> None:
    """Export stored data."""


@export_group.command("messages")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
def export_messages_cmd(fmt: str) -> None:
    """Write one JSON line per stored message (DESIGN.md §5)."""
    runtime = cli_runtime()
    with session_scope(runtime.sessions) as session:
        for row in export_messages(session):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
