"""Fixtures for mail-in tests: a real dovecot and relay (tests/mailservers.py), a committed-to runtime, mail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue

from tests.conftest import REDIS_URL
from tests.mailservers import Dovecot, dovecot, mail_user, relay  # noqa: F401  (fixtures)
from triage.config import load_settings
from triage.db import Base, make_engine
from triage.jobs.queue import QUEUE_NAME
from triage.runtime import Runtime, build_runtime

# Its own Redis database, so other suites flushing theirs do not empty our queue mid-test.
MAIL_REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + "/13"


@pytest.fixture
def redis_queue() -> Iterator[Queue]:
    """The RQ queue triage enqueues on, empty at the start (processing is only enqueued here)."""
    connection = Redis.from_url(MAIL_REDIS_URL)
    connection.flushdb()
    yield Queue(QUEUE_NAME, connection=connection)
    connection.flushdb()


@pytest.fixture
def make_runtime(fresh_database_url: str, tmp_path: Path, redis_queue: Queue) -> Iterator[Callable[..., Runtime]]:
    """Factory: a runtime on a fresh, schema'd database with Redis configured, plus extra TRIAGE_* settings."""
    built: list[Runtime] = []
    engine = make_engine(fresh_database_url)
    Base.metadata.create_all(engine)
    engine.dispose()

    def _make(**extra: str) -> Runtime:
        runtime = build_runtime(load_settings({**_env(fresh_database_url, tmp_path), **extra}))
        built.append(runtime)
        return runtime

    yield _make
    for runtime in built:
        runtime.engine.dispose()


def _env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {"TRIAGE_DATABASE_URL": database_url, "TRIAGE_INSTANCE_PATH": str(tmp_path / "instance"),
            "TRIAGE_SECRET_KEY": "mail-" + "k" * 40, "TRIAGE_REDIS_URL": MAIL_REDIS_URL}


@pytest.fixture
def imap_runtime(make_runtime: Callable[..., Runtime], dovecot: Dovecot,
                 mail_user: tuple[str, str]) -> Callable[..., Runtime]:
    """Factory: a runtime whose TRIAGE_IMAP_* settings point at this test's dovecot mailbox."""
    user, password = mail_user

    def _make(**extra: str) -> Runtime:
        return make_runtime(**{"TRIAGE_IMAP_HOST": "127.0.0.1", "TRIAGE_IMAP_PORT": str(dovecot.port),
                               "TRIAGE_IMAP_SSL": "false", "TRIAGE_IMAP_USER": user,
                               "TRIAGE_IMAP_PASSWORD": password, **extra})

    return _make
