"""Enqueueing jobs: on RQ when TRIAGE_REDIS_URL is set, otherwise in this process.

Jobs are enqueued by dotted path so the enqueuing process (the web app) never imports the
models the job needs.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from redis import Redis
from rq import Queue, Retry

from triage.config import Settings

log = logging.getLogger(__name__)

QUEUE_NAME = "triage"
PROCESS_MESSAGE = "triage.jobs.processing.process_message"
SEND_ACKNOWLEDGEMENT = "triage.jobs.acknowledgements.send_acknowledgement"
REFRESH_INSIGHT = "triage.jobs.insight.refresh_insight"

# One background thread per process for embedded mode: jobs run in order, off the request.
_embedded_executor: ThreadPoolExecutor | None = None


def _resolve(path: str) -> Callable[..., object]:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def redis_connection(settings: Settings) -> Redis:
    assert settings.redis_url, "redis_connection needs TRIAGE_REDIS_URL"
    return Redis.from_url(settings.redis_url)


def rq_queue(settings: Settings) -> Queue:
    return Queue(QUEUE_NAME, connection=redis_connection(settings))


def enqueue(settings: Settings, path: str, *args: int, job_id: str, wait: bool = False) -> Future | None:
    """Run job `path(*args)`: on RQ (deterministic job id), or in-process.

    wait=True runs an embedded job in the caller's thread (the CLI); otherwise embedded jobs run
    on this process's background thread, in order. RQ retries go straight back on the queue: a
    retry interval would need RQ's scheduler, which our workers do not run.
    """
    if settings.redis_url:
        rq_queue(settings).enqueue(
            path, *args, job_id=job_id, retry=Retry(max=3), result_ttl=86400
        )
        return None
    func = _resolve(path)
    if wait:
        func(*args)
        return None
    return _embedded().submit(_run_logged, func, args)


def enqueue_processing(settings: Settings, message_id: int, *, wait: bool = False) -> Future | None:
    """Queue process_message(message_id); the job is idempotent, so a retry is safe."""
    return enqueue(settings, PROCESS_MESSAGE, message_id, job_id=f"process-message-{message_id}", wait=wait)


def _embedded() -> ThreadPoolExecutor:
    global _embedded_executor
    if _embedded_executor is None:
        _embedded_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="triage-job")
    return _embedded_executor


def _run_logged(func: Callable[..., object], args: tuple[int, ...]) -> None:
    try:
        func(*args)
    except Exception:  # the job records its own failure; this keeps the thread alive
        log.exception("embedded job %s%r failed", getattr(func, "__name__", func), args)
