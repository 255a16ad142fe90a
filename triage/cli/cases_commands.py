"""`triage import-cases FILE [--contacts FILE]`: upsert the council's case register."""

from __future__ import annotations

from pathlib import Path

import click

from triage.cli.context import cli_runtime
from triage.db import session_scope
from triage.services.cases import ImportReport, RegisterFormatError, import_register_files


def _echo_report(report: ImportReport) -> None:
    click.echo(report.summary())
    for bad in report.bad_rows:
        ref = f" ({bad.case_ref})" if bad.case_ref else ""
        click.echo(f"  line {bad.line}{ref}: {bad.reason}", err=True)


@click.command("import-cases")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--contacts", "contacts_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A contacts CSV: case_ref, name, email, phone, relationship (several per case).")
def import_cases_cmd(file: Path, contacts_file: Path | None) -> None:
    """Upsert case records by case_ref from FILE (CSV); bad rows are listed and the exit status is 1."""
    runtime = cli_runtime()
    try:
        with session_scope(runtime.sessions) as session:
            reports = import_register_files(session, file, contacts_file)
    except RegisterFormatError as exc:
        raise click.ClickException(str(exc)) from None
    for report in reports:
        _echo_report(report)
    if any(report.bad_rows for report in reports):
        raise SystemExit(1)
