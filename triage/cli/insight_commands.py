"""`triage insight`: refresh the dashboard's aggregates, compute complaint themes, send the weekly report."""

from __future__ import annotations

from datetime import date, timedelta

import click

from triage.clocks.calendar import london_date
from triage.mailout.smtp import send_emails
from triage.cli.context import cli_runtime
from triage.db import session_scope, utcnow
from triage.insight.report import build_report_email, report_text
from triage.insight.theme_runs import compute_themes
from triage.insight.weekly import manager_emails, weekly_summary
from triage.services.insight import refresh_since


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD", param_hint=name) from None


@click.group(name="insight")
def insight_group() -> None:
    """The managers' dashboard: aggregates, themes and the weekly report."""


@insight_group.command(name="refresh")
@click.option("--full", is_flag=True, help="Rebuild every day, not just what changed since the last run.")
def refresh_command(full: bool) -> None:
    """Recompute the aggregates changed since the last run (idempotent; run it every few minutes)."""
    runtime = cli_runtime()
    with session_scope(runtime.sessions) as session:
        report = refresh_since(session, full=full)
    since = report.since.isoformat() if report.since else "the beginning"
    click.echo(f"insight refreshed: {report.days} day(s) recomputed, changes since {since}; "
               f"watermark {report.watermark.isoformat()}")


@insight_group.command(name="themes")
@click.option("--from", "start_text", help="First day (YYYY-MM-DD); default: 90 days before --to.")
@click.option("--to", "end_text", help="Last day (YYYY-MM-DD); default: today.")
def themes_command(start_text: str | None, end_text: str | None) -> None:
    """Cluster the period's complaints into themes with the sentence-transformer encoder and store them."""
    end = _date(end_text, "--to") or london_date(utcnow())
    start = _date(start_text, "--from") or end - timedelta(days=89)
    if start > end:
        raise click.BadParameter("--from is after --to", param_hint="--from")
    # Imported here, not at the top: only this command needs torch, and `insight refresh` runs often.
    from triage.nlp.loader import get_models  # noqa: PLC0415

    runtime = cli_runtime()
    encoder = get_models(runtime.settings.model_path).encoder
    with session_scope(runtime.sessions) as session:
        themes = compute_themes(session, start, end,
                                lambda texts: encoder.encode(list(texts), normalize_embeddings=True, batch_size=64))
        click.echo(f"themes for {start} to {end}: {len(themes)}")
        for theme in themes:
            click.echo(f"  {theme.rank}. {theme.label} ({theme.size}, {theme.trend})")


@insight_group.command(name="weekly-report")
@click.option("--send", is_flag=True, help="Email it to every active manager through the configured SMTP server.")
@click.option("--today", "today_text", help="Report as if today were this day (YYYY-MM-DD); default: today.")
def weekly_report_command(send: bool, today_text: str | None) -> None:
    """The summary of last week (Monday to Sunday); printed, and emailed to managers with --send."""
    runtime = cli_runtime()
    today = _date(today_text, "--today") or london_date(utcnow())
    with session_scope(runtime.sessions) as session:
        summary = weekly_summary(session, today)
        recipients = manager_emails(session)
    click.echo(report_text(summary), nl=False)
    if not send:
        return
    if not recipients:
        raise click.ClickException("no active user has the manager role: nobody to send the report to")
    base = runtime.settings.extra.get("TRIAGE_BASE_URL", "").rstrip("/")
    message = build_report_email(summary, recipients, runtime.settings.mail_from,
                                 f"{base}/dashboard" if base else "")
    sent = send_emails(runtime.settings, [message])
    if not sent:
        raise click.ClickException("TRIAGE_SMTP_HOST is not set: the report was not sent")
    click.echo(f"weekly report sent to {len(recipients)} manager(s)")
