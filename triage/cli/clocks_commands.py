"""`triage clocks check`: the scheduled job that evaluates every open clock and escalates."""

from __future__ import annotations

from datetime import datetime

import click

from triage.clocks.notify import build_clock_emails
from triage.mailout.smtp import send_emails
from triage.db import session_scope, utcnow
from triage.runtime import current_runtime
from triage.services.clock_escalation import check_clocks


@click.group(name="clocks")
def clocks_group() -> None:
    """Service, complaint, statutory and Tribunal clocks."""


@clocks_group.command(name="check")
@click.option("--now", "now_text", help="Evaluate as at this ISO time (with zone), e.g. for a re-run.")
@click.option("--no-email", is_flag=True, help="Flag and report, but send no email.")
def check_command(now_text: str | None, no_email: bool) -> None:
    """Flag clocks due soon or breached, raise priorities and email team leads (idempotent)."""
    now = utcnow()
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            raise click.BadParameter(f"{now_text!r} is not an ISO date-time", param_hint="--now") from None
        if now.tzinfo is None:
            raise click.BadParameter("give a time zone, e.g. 2025-01-06T09:00+00:00", param_hint="--now")
    runtime = current_runtime()
    with session_scope(runtime.sessions) as session:
        report = check_clocks(session, now)
        messages = [] if no_email else build_clock_emails(report.alerts, runtime.settings.mail_from)
        # Sent before the commit: if sending fails the flags roll back and the next run retries.
        sent = send_emails(runtime.settings, messages)
    click.echo(
        f"clocks checked: {report.evaluated}; breached: {len(report.breached)}; "
        f"due soon: {len(report.due_soon)}; emails sent: {sent}"
    )
    for alert in report.alerts:
        team = alert.team_name or "no team"
        click.echo(f"  {alert.event}: {alert.label} - {alert.about} - due {alert.due_on} - {team}")
