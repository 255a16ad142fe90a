"""The managers' dashboard at 1,000,000 messages in PostgreSQL: build time, and page time p50/p95.

Aggregates for a year of 1,000,000 synthetic messages are made by the same pure counting the
refresh uses (triage.insight.aggregate.count_contacts and friends) and written with COPY; clocks,
complaints, appeals and 20,000 open conversations are added at matching scale. Then one real
day of 3,000 messages is stored and refreshed through the job's service (the incremental cost),
and the dashboard is loaded repeatedly: the figures service alone, and the whole page (Flask,
signed in as a manager) for a 12-week and a 1-year range.

Usage: python bench/bench_dashboard.py [--messages N] [--loads N] [--postgres-admin-url URL] [--keep]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import create_engine, insert, text

from triage.config import load_settings
from triage.db import Base, make_engine, make_session_factory, session_scope
from triage.insight.aggregate import CaseMessageRow, ClockRow, ContactRow, count_case_days, count_clocks, count_contacts
from triage.insight.dashboard import build_dashboard
from triage.insight.filters import DashboardFilters
from triage.models import Classification, Conversation, Message, Team
from triage.nlp.labels import KINDS, TOPICS
from triage.runtime import Runtime
from triage.services.insight import refresh_casework, refresh_span
from triage.services.users import create_user
from web import create_app

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TEAMS = ["Contact Centre", "Assessment", "Placements", "Reviews", "Tribunal", "Complaints", "Transport", "Post-16"]
CHANNELS = ["email", "email", "email", "form", "api", "phone"]
END = date(2025, 12, 31)
DAYS = 365
CASES = 60_000
PASSWORD = "bench password 123"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _copy(engine, table: str, columns: list[str], rows) -> int:  # type: ignore[no-untyped-def]
    """COPY rows into a table through psycopg's copy protocol; returns the row count."""
    n = 0
    with engine.begin() as conn:
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


def generate_aggregates(engine, team_ids: list[int], messages: int, rng: random.Random) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Count a year of synthetic messages into the aggregate tables; returns rows written per table."""
    start = END - timedelta(days=DAYS - 1)
    contacts, cases = [], []
    for _ in range(messages):
        day = start + timedelta(days=rng.randrange(DAYS))
        team = rng.choice(team_ids)
        topics = tuple(rng.sample(TOPICS, rng.choice((1, 1, 1, 2))))
        contacts.append(ContactRow(day, team, topics, rng.choice(KINDS), rng.choice(CHANNELS), rng.random() < 0.03))
        if rng.random() < 0.8:
            cases.append(CaseMessageRow(day, rng.randrange(1, CASES), team, rng.random() < 0.85))
    written = {}
    counted = count_contacts(contacts)
    written["insight_contacts"] = _copy(engine, "insight_contacts",
                                        ["day", "team_id", "topic", "kind", "channel", "urgent", "contacts"],
                                        ((*k, n) for k, n in counted.items()))
    written["insight_case_days"] = _copy(engine, "insight_case_days", ["day", "case_id", "team_id", "inbound", "outbound"],
                                         ((d, c, t, io[0], io[1]) for (d, c, t), io in count_case_days(cases).items()))
    clocks = [ClockRow(start + timedelta(days=rng.randrange(DAYS)), rng.choice(team_ids),
                       rng.choice(["service_first_reply"] * 6 + ["final_plan", "assessment_decision", "annual_review_decision",
                                                                 "complaint_stage1_response", "order_i"]),
                       rng.choice(["met", "met", "met", "breached", "excepted"])) for _ in range(messages // 2)]
    facts = count_clocks(clocks)
    for day_offset in range(DAYS):
        facts.add((start + timedelta(days=day_offset), rng.choice(team_ids), "became_complaint", "conversation"))
    written["insight_facts"] = _copy(engine, "insight_facts", ["day", "team_id", "metric", "key", "count", "total"],
                                     ((*k, int(v[0]), float(v[1])) for k, v in facts.items()))
    return written


def store_one_day(sessions, team_ids: list[int], day: date, n: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """n real messages with classifications and conversations on one day (the incremental refresh's input)."""
    with session_scope(sessions) as s:
        for i in range(0, n, 500):
            convs = [Conversation(token=f"B{uuid.uuid4().hex[:12]}", team_id=rng.choice(team_ids), status="open",
                                  created_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC))
                     for _ in range(min(500, n - i))]
            s.add_all(convs)
            s.flush()
            for conv in convs:
                at = datetime(day.year, day.month, day.day, rng.randrange(8, 20), rng.randrange(60), tzinfo=UTC)
                m = Message(content_hash=uuid.uuid4().hex + uuid.uuid4().hex, raw=b"x", size=1, channel="email",
                            received_at=at, status="processed", conversation_id=conv.id, text="bench")
                m.classifications.append(Classification(model_version="bench", topics=[rng.choice(TOPICS)],
                                                        kind=rng.choice(KINDS), urgent=False))
                s.add(m)
            s.flush()


def main() -> int:
    """Build the data, time the refresh and the dashboard, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--loads", type=int, default=40)
    parser.add_argument("--postgres-admin-url", default=POSTGRES_ADMIN_URL)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    args = parser.parse_args()
    rng = random.Random(7)
    name = f"triage_bench_dash_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = args.postgres_admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        sessions = make_session_factory(engine)
        with session_scope(sessions) as s:
            teams = [Team(name=t) for t in TEAMS]
            s.add_all(teams)
            s.flush()
            team_ids = [t.id for t in teams]
            create_user(s, "manager@council.example", role="manager", password=PASSWORD)
            now = datetime(2026, 1, 2, 12, tzinfo=UTC)
            s.execute(insert(Conversation), [
                {"token": f"O{i:09d}", "team_id": rng.choice(team_ids), "status": rng.choice(["new", "open", "awaiting_family"]),
                 "created_at": now - timedelta(days=rng.randrange(60)), "last_activity_at": now} for i in range(20_000)])
        started = time.perf_counter()
        written = generate_aggregates(engine, team_ids, args.messages, rng)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        print(f"aggregates for {args.messages:,} messages: {time.perf_counter() - started:.1f} s; rows: "
              + ", ".join(f"{k} {v:,}" for k, v in written.items()))

        day = END + timedelta(days=1)
        store_one_day(sessions, team_ids, day, 3000, rng)
        timings = []
        for _ in range(3):
            t0 = time.perf_counter()
            with session_scope(sessions) as s:
                refresh_span(s, day, day, now)
            timings.append(time.perf_counter() - t0)
        print(f"incremental refresh of one day with 3,000 messages: median {statistics.median(timings) * 1000:.0f} ms")
        t0 = time.perf_counter()
        with session_scope(sessions) as s:
            refresh_casework(s, now)
        print(f"complaints/appeals facts rebuild (empty tables here): {(time.perf_counter() - t0) * 1000:.0f} ms")

        settings = load_settings({"TRIAGE_INSTANCE_PATH": "/tmp/triage-bench-dash", "TRIAGE_SECRET_KEY": "b" * 32,
                                  "TRIAGE_DATABASE_URL": url})
        runtime = Runtime(settings=settings, engine=engine, sessions=sessions)
        app = create_app(runtime)
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/login", data={"email": "manager@council.example", "password": PASSWORD, "csrf_token": token})
        for label, start in (("12 weeks", END - timedelta(weeks=12) + timedelta(days=1)), ("1 year", END - timedelta(days=364))):
            service, pages = [], []
            for i in range(args.loads):
                team = frozenset({team_ids[i % len(team_ids)]}) if i % 2 else None
                t0 = time.perf_counter()
                with session_scope(sessions) as s:
                    build_dashboard(s, DashboardFilters(start, END, team))
                service.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                response = client.get("/dashboard", query_string={"from": start.isoformat(), "to": END.isoformat(),
                                                                  **({"team": str(team_ids[i % 8])} if i % 2 else {})})
                pages.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.status_code
            print(f"dashboard {label}: figures p50 {_pct(service, .5):.0f} ms p95 {_pct(service, .95):.0f} ms; "
                  f"whole page p50 {_pct(pages, .5):.0f} ms p95 {_pct(pages, .95):.0f} ms ({args.loads} loads, "
                  f"half filtered to one team)")
        engine.dispose()
    finally:
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
