"""`triage serve`, `triage worker` and `triage demo`."""

from __future__ import annotations

from pathlib import Path

import click
from gunicorn.app.base import BaseApplication
from rq import SimpleWorker

from triage.cli.context import cli_runtime
from triage.cli.db_commands import upgrade
from triage.jobs.queue import QUEUE_NAME, redis_connection
from triage.cli.ingest_run import ingest_paths
from triage.db import session_scope
from triage.services.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data
from web import create_app

REPO = Path(__file__).resolve().parents[2]


class _Gunicorn(BaseApplication):
    """Gunicorn with the app created in each worker after fork (no preload)."""

    def __init__(self, options: dict[str, object]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):  # type: ignore[no-untyped-def]
        return create_app()


def _serve(host: str, port: int, workers: int | None) -> None:
    runtime = cli_runtime()
    # Embedded jobs run on a thread of the web process, so there must be exactly one process.
    count = 1 if runtime.settings.embedded_jobs else (workers or 2)
    click.echo(f"triage: serving on http://{host}:{port} "
               f"({'embedded jobs, ' if runtime.settings.embedded_jobs else ''}{count} worker process(es))")
    _Gunicorn({"bind": f"{host}:{port}", "workers": count, "threads": 8, "worker_class": "gthread",
               "accesslog": "-", "timeout": 60}).run()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", type=int, default=None, help="Web processes (with Redis; default 2).")
def serve_cmd(host: str, port: int, workers: int | None) -> None:
    """Run the web app with the configured settings (gunicorn)."""
    _serve(host, port, workers)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_cmd(burst: bool) -> None:
    """Run an RQ worker that loads models once and runs every job in this process."""
    runtime = cli_runtime()
    if runtime.settings.embedded_jobs:
        raise click.ClickException("TRIAGE_REDIS_URL is not set: jobs run inside `triage serve`; no worker needed.")
    # SimpleWorker runs jobs in this process: models load on the first job and stay loaded
    # (a forking worker would reload torch per job, and torch can hang in forked children).
    worker = SimpleWorker([QUEUE_NAME], connection=redis_connection(runtime.settings))
    worker.work(burst=burst, with_scheduler=False)


@click.command("demo")
@click.option("--serve/--no-serve", default=True, show_default=True, help="Start the web app afterwards.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo_cmd(serve: bool, host: str, port: int) -> None:
    """Set up the database, teams, users, sample cases and sample mail, then serve."""
    runtime = cli_runtime()
    upgrade(runtime.settings.database_url)
    with session_scope(runtime.sessions) as session:
        report = load_demo_data(session, REPO / "data" / "samples")
    click.echo(report)
    counts = ingest_paths(runtime, [REPO / "data" / "samples" / "mail"], run_async=False,
                          report=lambda line: click.echo(line, err=True))
    click.echo("sample mail: " + ", ".join(f"{n} {label}" for label, n in counts.items() if n))
    click.echo("Sign in at http://%s:%d/login with any of these (password: %s):" % (host, port, DEMO_PASSWORD))
    for email, role, teams in DEMO_USERS:
        click.echo(f"  {email:32} {role:10} {', '.join(teams)}")
    if serve:
        _serve(host, port, None)
