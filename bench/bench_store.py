"""Store throughput over the real-world mail corpus, into SQLite and PostgreSQL: messages/second.

Each message is stored in its own transaction, committed, as the IMAP poller and the SMTP
receiver do (the durable figure); then the whole corpus again, which is all duplicates (the
idempotent path a re-poll takes).

Usage: python bench/bench_store.py [--rounds N] [--corpus PATH] [--postgres-admin-url URL] [--only sqlite|postgres]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from bench_parse_corpus import DEFAULT_CORPUS, load  # same folder: the corpus reader is shared
from triage.db import Base, make_engine, make_session_factory, session_scope
from triage.services.intake import store_raw_email

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def store_all(url: str, messages: list[bytes]) -> tuple[float, float, int]:
    """Seconds to store every message (one commit each), seconds to store them all again, rows stored."""
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    sessions = make_session_factory(engine)
    timings = []
    created_count = 0
    for _ in range(2):
        started = time.perf_counter()
        for n, raw in enumerate(messages):
            with session_scope(sessions) as session:
                _, created = store_raw_email(session, raw, source=f"bench:{n}")
                created_count += created
        timings.append(time.perf_counter() - started)
    engine.dispose()
    return timings[0], timings[1], created_count


def _postgres(admin_url: str, messages: list[bytes]) -> tuple[float, float, int]:
    name = f"triage_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        return store_all(admin_url.rsplit("/", 1)[0] + "/" + name, messages)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1, help="Store the corpus this many times, each into a new database.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--postgres-admin-url", default=POSTGRES_ADMIN_URL)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    if not (args.corpus / "MANIFEST.tsv").exists():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    messages = load(args.corpus)
    megabytes = sum(len(raw) for raw in messages) / 1e6
    distinct = len(set(messages))
    print(f"corpus: {len(messages)} messages ({distinct} distinct), {megabytes:.2f} MB")
    for backend in ("sqlite", "postgres"):
        if args.only and backend != args.only:
            continue
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory() as tmp:
                if backend == "sqlite":
                    first, again, created = store_all(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", messages)
                else:
                    first, again, created = _postgres(args.postgres_admin_url, messages)
            assert created == distinct, f"{backend}: stored {created} rows for {distinct} distinct messages"
            print(f"{backend:8}  store: {len(messages) / first:7.1f} messages/s ({megabytes / first:5.2f} MB/s, "
                  f"one commit each)   store again (duplicates): {len(messages) / again:7.1f} messages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
