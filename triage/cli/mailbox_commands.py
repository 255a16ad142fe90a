"""`triage poll-imap` and `triage smtpd`: mail in from a mailbox, or straight from an MTA."""

from __future__ import annotations

import signal
import sys
import threading
from concurrent.futures import wait

import click

from triage.cli.context import cli_runtime
from triage.config import ConfigError
from triage.intake.imap_poller import PollReport, poll_imap
from triage.intake.smtp_receiver import start_receiver


def _stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT, so a loop finishes its current pass and exits cleanly."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop


@click.command("poll-imap")
@click.option("--once", is_flag=True, help="One pass over the folder, then exit (the default).")
@click.option("--every", type=click.FloatRange(min=1), default=None, metavar="SECONDS",
              help="Keep polling, a pass every SECONDS, until stopped (SIGTERM/Ctrl-C).")
def poll_imap_cmd(once: bool, every: float | None) -> None:
    """Store new mail from the TRIAGE_IMAP_* mailbox, then mark it read (or move it to TRIAGE_IMAP_DONE_FOLDER)."""
    if once and every:
        raise click.UsageError("give --once or --every SECONDS, not both")
    runtime = cli_runtime()
    stop = _stop_on_signals() if every else None

    def show(report: PollReport) -> None:
        click.echo(report.summary(), err=not report.ok)
        for reason in report.refused:
            click.echo(f"refused: {reason}", err=True)

    try:
        report = poll_imap(runtime, once=every is None, every=every or 0, stop=stop, on_report=show)
    except ConfigError as exc:
        raise click.ClickException(f"configuration error: {exc}") from None
    # Embedded mode: processing runs on this process's job thread; finish it before exiting.
    wait(report.pending)
    if not report.ok:
        sys.exit(1)


@click.command("smtpd")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True, type=int)
@click.option("--lmtp", is_flag=True, help="Speak LMTP (RFC 2033) instead of SMTP, e.g. behind Postfix.")
def smtpd_cmd(host: str, port: int, lmtp: bool) -> None:
    """Receive mail over SMTP/LMTP: 250 once stored, 552 over the size cap, 451 if it could not be stored."""
    runtime = cli_runtime()
    stop = _stop_on_signals()
    controller = start_receiver(runtime, host=host, port=port, lmtp=lmtp)
    click.echo(f"triage: receiving {'LMTP' if lmtp else 'SMTP'} on {host}:{port} "
               f"(limit {runtime.settings.max_message_bytes:,} bytes"
               f"{', processing in this process' if runtime.settings.embedded_jobs else ''})")
    try:
        while not stop.wait(1.0):  # a timed wait, so the signal handler gets its turn promptly
            pass
    finally:
        controller.stop()
