"""Recovering work the queue lost: jobs of workers that died, and jobs Redis forgot.

rq only notices a SIGKILLed worker's job when its started-registry entry expires (the job
timeout plus a minute), and a Redis restart without persistence forgets every queued job. The
database is the truth: a message still in status "received" has not been processed, so a worker
starting up requeues it. process_message is idempotent, so a job queued twice does no harm.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from rq import Queue, Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from sqlalchemy import select

from triage.db import session_scope
from triage.jobs.queue import enqueue_processing, rq_queue
from triage.models import Message
from triage.runtime import Runtime

# A job in one of these states will run (or is running on a live worker): do not queue it again.
LIVE_STATES = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


@dataclass(frozen=True)
class Recovery:
    dead_workers: int
    abandoned_requeued: int
    pending_enqueued: int

    def summary(self) -> str:
        return (f"recovery: {self.dead_workers} dead worker(s) cleared, {self.abandoned_requeued} abandoned job(s) "
                f"requeued, {self.pending_enqueued} unprocessed message(s) queued")


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def dead_workers(queue: Queue) -> list[Worker]:
    """Registered workers on this host whose process is gone (SIGKILL, OOM killer, power cut)."""
    host = socket.gethostname()
    return [w for w in Worker.all(queue=queue)
            if w.hostname == host and w.pid != os.getpid() and not _alive(w.pid)]


def requeue_abandoned(queue: Queue) -> tuple[int, int]:
    """Put back on the queue the started jobs of dead or unregistered workers; (dead workers, jobs requeued)."""
    dead = dead_workers(queue)
    for worker in dead:
        worker.register_death()
    living = {w.name for w in Worker.all(queue=queue)}
    registry = StartedJobRegistry(queue=queue)
    requeued = 0
    for job_id, execution_id in registry.get_job_and_execution_ids(cleanup=False):
        composite = f"{job_id}:{execution_id}" if execution_id else job_id
        try:
            job = Job.fetch(job_id, connection=queue.connection)
        except NoSuchJobError:
            queue.connection.zrem(registry.key, composite)
            continue
        if job.worker_name in living:
            continue  # a live worker is running it
        queue.connection.zrem(registry.key, composite)
        queue.enqueue_job(job)
        requeued += 1
    return len(dead), requeued


def _job_will_run(queue: Queue, message_id: int) -> bool:
    try:
        job = Job.fetch(f"process-message-{message_id}", connection=queue.connection)
    except NoSuchJobError:
        return False
    return job.get_status(refresh=False) in LIVE_STATES


def enqueue_pending(runtime: Runtime, queue: Queue | None, *, wait: bool = False) -> int:
    """Queue every stored message not yet processed whose job is not already queued; how many.

    With queue=None (embedded mode) nothing outlives the process, so every such message is
    queued on this process's job thread (or run now, with wait=True).
    """
    with session_scope(runtime.sessions) as session:
        pending = list(session.scalars(select(Message.id).where(
            Message.status == "received", Message.direction == "inbound").order_by(Message.id)))
    queued = 0
    for message_id in pending:
        if queue is None or not _job_will_run(queue, message_id):
            enqueue_processing(runtime.settings, message_id, wait=wait)
            queued += 1
    return queued


def recover(runtime: Runtime) -> Recovery:
    """Run at worker start-up: requeue abandoned jobs, then queue unprocessed messages Redis lost."""
    queue = rq_queue(runtime.settings)
    dead, requeued = requeue_abandoned(queue)
    return Recovery(dead_workers=dead, abandoned_requeued=requeued, pending_enqueued=enqueue_pending(runtime, queue))
