"""`triage calendar due`: the working-day and calendar arithmetic on the command line."""

from __future__ import annotations

from datetime import datetime

import click

from triage.clocks.calendar import CALENDARS, due_date


@click.group(name="calendar")
def calendar_group() -> None:
    """Working-day and calendar arithmetic (England and Wales, SEND Tribunal)."""


@calendar_group.command(name="due")
@click.option(
    "--from", "start", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The start day, YYYY-MM-DD (not itself counted).",
)
@click.option("--working-days", type=click.IntRange(min=0), help="Working days after the start.")
@click.option("--weeks", type=click.IntRange(min=0), help="Calendar weeks after the start.")
@click.option("--days", type=click.IntRange(min=0), help="Calendar days after the start.")
@click.option(
    "--calendar", "calendar_name", type=click.Choice(sorted(CALENDARS)), default="england",
    show_default=True, help="Which working days count (only matters with --working-days).",
)
def due_command(
    start: datetime,
    working_days: int | None,
    weeks: int | None,
    days: int | None,
    calendar_name: str,
) -> None:
    """Print the due date (YYYY-MM-DD) N working days, weeks or days after --from."""
    given = [name for name, value in
             (("--working-days", working_days), ("--weeks", weeks), ("--days", days))
             if value is not None]
    if len(given) != 1:
        found = " and ".join(given) if given else "none"
        raise click.UsageError(
            f"give exactly one of --working-days, --weeks or --days (got {found})."
        )
    due = due_date(
        start.date(), working_days=working_days, weeks=weeks, days=days, calendar=calendar_name
    )
    click.echo(due.isoformat())
