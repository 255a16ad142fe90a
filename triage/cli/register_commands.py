"""`triage import-register`: the nightly register import from the configured path (for cron)."""

from __future__ import annotations

import click

from triage.cli.context import cli_runtime
from triage.config import ConfigError
from triage.jobs.register_import import import_register
from triage.services.cases import RegisterFormatError


@click.command("import-register")
def import_register_cmd() -> None:
    """Import TRIAGE_REGISTER_PATH (and TRIAGE_REGISTER_CONTACTS_PATH), then recompute statutory clocks."""
    cli_runtime()
    try:
        result = import_register()
    except (ConfigError, RegisterFormatError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(result.summary())
    for report in result.reports:
        for bad in report.bad_rows:
            ref = f" ({bad.case_ref})" if bad.case_ref else ""
            click.echo(f"  {report.source_name} line {bad.line}{ref}: {bad.reason}", err=True)
    if any(report.bad_rows for report in result.reports):
        raise SystemExit(1)
