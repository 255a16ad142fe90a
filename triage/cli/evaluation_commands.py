"""`triage evaluate-links`: the linker against the decisions people made in the web app."""

from __future__ import annotations

import click

from triage.cli.context import cli_runtime
from triage.db import session_scope
from triage.linking.review import linker_figures
from triage.services.link_review import link_reviews


@click.command("evaluate-links")
def evaluate_links_cmd() -> None:
    """Print how many automatic links people confirmed or undid, and how good suggestions were."""
    runtime = cli_runtime()
    with session_scope(runtime.sessions) as session:
        figures = linker_figures(link_reviews(session))
    for line in figures.lines():
        click.echo(line)
