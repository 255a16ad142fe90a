"""Shared fixtures: real databases (SQLite and PostgreSQL), a SAVEPOINT session per test, factories.

Integration tests take `session` (or `runtime`) and run once on SQLite and once on the real
PostgreSQL server. Code under test may commit: the session joins an outer transaction through
a SAVEPOINT, and the outer transaction is rolled back after each test.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from triage.config import load_settings
from triage.db import Base, make_engine
from triage.linking.normalise import name_key
from triage.models import Case, CaseContact, Team, User
from triage.runtime import Runtime, use_runtime
from triage.services.users import hash_password

REPO = Path(__file__).resolve().parents[1]
POSTGRES_ADMIN_URL = os.environ.get(
    "TRIAGE_TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TRIAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _postgres_url(dbname: str) -> str:
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname


def create_postgres_database(dbname: str) -> str:
    """Create an empty PostgreSQL database on the real server and return its URL."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{dbname}"'))
    admin.dispose()
    return _postgres_url(dbname)


def drop_postgres_database(dbname: str) -> None:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def db_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A schema'd database: a SQLite file, or a fresh database on the real PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
        dbname = None
    else:
        dbname = f"triage_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        url = create_postgres_database(dbname)
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()
    if dbname:
        drop_postgres_database(dbname)


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, committed-to database for tests that run real processes (CLI, RQ worker)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    name = f"triage_fresh_{uuid.uuid4().hex[:8]}"
    url = create_postgres_database(name)
    yield url
    drop_postgres_database(name)


@pytest.fixture
def runtime(db_engine: Engine, tmp_path: Path) -> Iterator[Runtime]:
    """A runtime whose sessions all join one outer transaction, rolled back after the test."""
    connection = db_engine.connect()
    outer = connection.begin()
    sessions = sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    settings = load_settings(
        {"TRIAGE_INSTANCE_PATH": str(tmp_path / "instance"), "TRIAGE_SECRET_KEY": "x" * 32,
         "TRIAGE_DATABASE_URL": str(db_engine.url.render_as_string(hide_password=False))}
    )
    rt = Runtime(settings=settings, engine=db_engine, sessions=sessions)
    use_runtime(rt)
    yield rt
    outer.rollback()
    connection.close()


@pytest.fixture
def session(runtime: Runtime) -> Iterator[Session]:
    """A session for the test itself; it sees what code under test committed."""
    s = runtime.sessions()
    yield s
    s.close()


class SmtpCapture:
    """An aiosmtpd handler keeping every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_capture() -> Iterator[tuple[str, int, SmtpCapture]]:
    """A real local SMTP server (aiosmtpd) on a free port: (host, port, capture)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    capture = SmtpCapture()
    controller = Controller(capture, hostname="127.0.0.1", port=port)
    controller.start()
    yield "127.0.0.1", port, capture
    controller.stop()


@pytest.fixture
def make_case(session: Session) -> Callable[..., Case]:
    """Factory: a case record with a parent contact."""
    counter = iter(range(900000, 999999))

    def _make(
        first: str = "Amara",
        last: str = "Okafor",
        dob: date | None = date(2015, 3, 12),
        case_ref: str | None = None,
        parent_email: str | None = None,
        **fields: object,
    ) -> Case:
        case = Case(
            case_ref=case_ref or f"SEN{next(counter)}",
            child_first_name=first,
            child_last_name=last,
            first_name_key=name_key(first),
            last_name_key=name_key(last),
            date_of_birth=dob,
            **fields,
        )
        if parent_email:
            case.contacts.append(CaseContact(name=f"Parent of {first}", email=parent_email, relationship_to_child="parent"))
        session.add(case)
        session.flush()
        return case

    return _make


@pytest.fixture
def make_user(session: Session) -> Callable[..., User]:
    """Factory: a user with a role, in the named teams (teams created as needed)."""

    def _make(email: str = "agent@council.example", role: str = "agent", teams: tuple[str, ...] = (), password: str = "correct horse battery") -> User:
        user = User(email=email, name=email.split("@")[0].title(), role=role, password_hash=hash_password(password))
        session.add(user)
        for name in teams:
            team = session.query(Team).filter_by(name=name).one_or_none() or Team(name=name)
            user.teams.append(team)
        session.flush()
        return user

    return _make
