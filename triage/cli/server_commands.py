"""`triage serve` and `triage worker`. Imports nothing of the NLP stack: the web process stays light."""

from __future__ import annotations

import click
from gunicorn.app.base import BaseApplication
from rq import SimpleWorker

from triage.cli.context import cli_runtime
from triage.jobs.queue import QUEUE_NAME, redis_connection
from triage.jobs.recovery import enqueue_pending
from triage.jobs.recovery import recover as recover_jobs
from triage.runtime import current_runtime
from web import create_app


class _Gunicorn(BaseApplication):
    """Gunicorn with the app created in each worker after fork (no preload)."""

    def __init__(self, options: dict[str, object]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):  # type: ignore[no-untyped-def]
        app = create_app()
        runtime = current_runtime()
        if runtime.settings.embedded_jobs:
            # Embedded jobs live in this process only: messages stored before a restart and not
            # yet processed would otherwise wait for ever. Queue them on this process's job thread.
            enqueue_pending(runtime, None)
        return app


def serve(host: str, port: int, workers: int | None) -> None:
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
    serve(host, port, workers)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--recover/--no-recover", default=True, show_default=True,
              help="First requeue jobs of dead workers and queue unprocessed messages Redis lost.")
def worker_cmd(burst: bool, recover: bool) -> None:
    """Run an RQ worker that loads models once and runs every job in this process."""
    runtime = cli_runtime()
    if runtime.settings.embedded_jobs:
        raise click.ClickException("TRIAGE_REDIS_URL is not set: jobs run inside `triage serve`; no worker needed.")
    if recover:
        click.echo(recover_jobs(runtime).summary(), err=True)
    # SimpleWorker runs jobs in this process: models load on the first job and stay loaded
    # (a forking worker would reload torch per job, and torch can hang in forked children).
    worker = SimpleWorker([QUEUE_NAME], connection=redis_connection(runtime.settings))
    worker.work(burst=burst, with_scheduler=False)
