"""The process's runtime: settings, database engine and session factory, built once per process.

Entry points (CLI, web app, worker) build it from the environment; jobs read the current one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from triage.config import Settings, load_settings
from triage.db import make_engine, make_session_factory


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]


_lock = threading.Lock()
_current: Runtime | None = None


def build_runtime(settings: Settings | None = None) -> Runtime:
    """A runtime for the given settings (or the environment's), not yet made current."""
    settings = settings or load_settings()
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    return Runtime(settings=settings, engine=engine, sessions=make_session_factory(engine))


def use_runtime(runtime: Runtime) -> Runtime:
    """Make this runtime the process's current one (entry points and tests call this)."""
    global _current
    with _lock:
        _current = runtime
    return runtime


def current_runtime() -> Runtime:
    """The process's runtime, built from the environment on first use."""
    global _current
    with _lock:
        if _current is None:
            _current = build_runtime()
        return _current
