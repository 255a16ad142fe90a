"""Crash safety: 500 messages through real RQ workers, one SIGKILLed and Redis emptied mid-run.

Each message must end processed exactly once: one committed pipeline run (attempts == 1), one
audit event, one classification, one conversation. The killed worker's job sits in rq's started
registry until its timeout; `triage worker` requeues it at start-up. FLUSHDB stands in for a Redis
restart without persistence (the shared server keeps nothing on disk, and other suites use it):
the next worker queues again every message the database still holds as unprocessed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue
from rq.registry import StartedJobRegistry
from sqlalchemy import func, select

from tests.conftest import REDIS_URL
from triage.db import session_scope
from triage.jobs.queue import QUEUE_NAME, enqueue_processing
from triage.models import AuditEvent, Classification, Conversation, Message
from triage.runtime import Runtime
from triage.services.intake import store_raw_email
from triage.services.routing import ensure_default_teams_and_rules

pytestmark = [pytest.mark.slow, pytest.mark.redis]
TRIAGE = str(Path(sys.executable).with_name("triage"))
COUNT = 500
CRASH_REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + "/12"
TOPICS = ("we are still waiting for the decision on the needs assessment, six weeks have passed",
          "which special school places are available for September?",
          "nobody has returned my calls about the annual review",
          "we intend to appeal to the tribunal about section I of the plan")


def synthetic(n: int) -> bytes:
    return (f"From: Family {n} <family{n}@example.org>\r\nTo: send@council.example\r\n"
            f"Subject: Crash test {n}\r\nMessage-ID: <crash-{n}@example.org>\r\n"
            f"Date: Tue, 24 Nov 2026 10:00:00 +0000\r\n\r\nHello, {TOPICS[n % 4]} (ref {n}).\r\n").encode()


def processed(runtime: Runtime) -> int:
    with session_scope(runtime.sessions) as session:
        return session.scalar(select(func.count()).select_from(Message).where(Message.status == "processed"))


def wait_for(runtime: Runtime, at_least: int, worker: subprocess.Popen[bytes], log: Path) -> int:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        done = processed(runtime)
        if done >= at_least:
            return done
        assert worker.poll() is None, f"worker exited early: {log.read_text()[-3000:]}"
        time.sleep(0.5)
    raise AssertionError(f"only {processed(runtime)} of {at_least} processed in time")


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as stderr:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([TRIAGE, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=stderr)


@pytest.fixture
def crash_queue() -> Iterator[Queue]:
    """The triage queue on a Redis database of its own: this test flushes it mid-run."""
    connection = Redis.from_url(CRASH_REDIS_URL)
    connection.flushdb()
    yield Queue(QUEUE_NAME, connection=connection)
    connection.flushdb()


def test_a_killed_worker_and_an_emptied_redis_lose_nothing_and_repeat_nothing(
        make_runtime: Callable[..., Runtime], crash_queue: Queue, tmp_path: Path) -> None:
    redis_queue = crash_queue
    runtime = make_runtime(TRIAGE_REDIS_URL=CRASH_REDIS_URL)
    with session_scope(runtime.sessions) as session:
        ensure_default_teams_and_rules(session)
        ids = [store_raw_email(session, synthetic(n), source=f"crash:{n}")[0] for n in range(COUNT)]
        session.flush()
        ids = [m.id for m in ids]
    for message_id in ids:
        enqueue_processing(runtime.settings, message_id)
    assert redis_queue.count == COUNT
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")} | dict(runtime.settings.extra)
    log = tmp_path / "workers.log"

    # 1. SIGKILL a worker part-way: its current job is stranded in the started registry.
    first = start_worker(env, log)
    at_kill = wait_for(runtime, 60, first, log)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    stranded = StartedJobRegistry(queue=redis_queue).get_job_ids(cleanup=False)
    assert processed(runtime) < COUNT and redis_queue.count + len(stranded) + processed(runtime) >= COUNT

    # 2. A new worker requeues the stranded job; part-way, Redis loses everything.
    second = start_worker(env, log)
    wait_for(runtime, at_kill + 100, second, log)
    # Frozen mid-job first, so nothing it does between the flush and the kill (a follow-up job) refills Redis.
    second.send_signal(signal.SIGSTOP)
    redis_queue.connection.flushdb()
    flushed_at = processed(runtime)
    second.send_signal(signal.SIGKILL)
    second.wait(timeout=30)
    left = COUNT - processed(runtime)
    assert left > 0 and redis_queue.count == 0

    # 3. A burst worker queues what the database says is unprocessed, and finishes it all.
    last = subprocess.run([TRIAGE, "worker", "--burst"], env=env, capture_output=True, text=True, timeout=900)
    assert last.returncode == 0, last.stderr[-3000:]
    assert f"{left} unprocessed message(s) queued" in last.stderr, last.stderr[-3000:]

    with session_scope(runtime.sessions) as session:
        statuses = dict(session.execute(select(Message.status, func.count()).group_by(Message.status)).all())
        assert statuses == {"processed": COUNT}, (statuses, log.read_text()[-3000:])
        attempts = dict(session.execute(select(Message.attempts, func.count()).group_by(Message.attempts)).all())
        assert attempts == {1: COUNT}  # one committed pipeline run each
        per_message = select(Classification.message_id).group_by(Classification.message_id).having(func.count() > 1)
        assert list(session.scalars(per_message)) == []
        assert session.scalar(select(func.count()).select_from(Classification)) == COUNT
        events = select(AuditEvent.object_id).where(AuditEvent.action == "message.processed") \
            .group_by(AuditEvent.object_id).having(func.count() > 1)
        assert list(session.scalars(events)) == []
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "message.processed")) == COUNT
        # Each message is its own thread: one conversation each, none left empty by a killed run.
        conversations = session.scalar(select(func.count()).select_from(Conversation))
        used = session.scalar(select(func.count(func.distinct(Message.conversation_id))))
        assert conversations == used == COUNT
    print(f"killed at {at_kill} processed ({len(stranded)} job(s) stranded in the started registry); "
          f"Redis emptied at {flushed_at}; all {COUNT} processed exactly once")
