"""Linking at register scale: 50,000 synthetic cases, then links per second and p50/p95 per link.

    .venv/bin/python bench/bench_linking.py [--cases 50000] [--messages 2000]

Uses a temporary SQLite file, or the PostgreSQL database in TRIAGE_DATABASE_URL (everything is
written in one transaction and rolled back). Also counts wrong automatic links on messages built
from known cases, where many children share a name.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from triage.config import DEFAULT_CASE_REF_PATTERN
from triage.db import Base, make_engine
from triage.linking.evidence import extract_evidence
from triage.linking.linker import link_message
from triage.linking.search import candidate_conditions
from triage.models import Case
from triage.services.cases import import_cases

FIRST = ("Oliver George Harry Jack Noah Leo Arthur Charlie Freddie Theo Olivia Amelia Isla Ava Lily Freya Poppy Evie "
         "Ivy Florence Ruby Daisy Aarav Arjun Rohan Ibrahim Zayn Ayaan Anaya Priya Diya Zara Maryam Hamza Simran "
         "Jakub Antoni Szymon Filip Mateusz Zuzanna Julia Hanna Maja Lena Alicja Wiktoria Abdirahman Abdullahi "
         "Mohamed Ahmed Yusuf Hodan Fartun Ikram Sagal Idris Cian Oisin Conor Darragh Aoife Niamh Saoirse Ciara "
         "Jayden Tyrese Malachi Kyrie Amari Shanice Kiara Tiana Imani Nia Aaliyah Muhammad Aisha Fatima Sophie "
         "Grace Jacob Thomas William James Emily Mia Isabella Ella Alfie Samuel Joshua Lucas Mason Ethan").split()
LAST = ("Smith Jones Taylor Brown Wilson Johnson Walker Wright Robinson Thompson White Hughes Edwards Green Hall "
        "Wood Harris Lewis Martin Jackson Clarke Turner Patel Shah Mistry Parmar Chauhan Ahmed Hussain Iqbal Begum "
        "Singh Kaur Sandhu Chaudhry Rahman Siddiqui Qureshi Khan Ali Nowak Wojcik Kaminski Lewandowski Zielinski "
        "Szymanski Wozniak Mazur Krawczyk Warsame Abdi Farah Hassan Osman Jama Nur Ismail Omar Aden Mohamud Murphy "
        "Kelly O'Sullivan Walsh O'Connor Byrne Ryan Doyle McCarthy Gallagher Quinn Campbell Francis Gayle Williams "
        "Grant Thomas Reid Bailey Morgan Richards Samuels Evans Davies Roberts Wood Cooper King Baker Hill Scott").split()
SCHOOLS = ["Northfield Primary School", "Westgate Primary School", "Riverside Academy", "Oakwood High School",
           "Millbrook Special School", "Kingsmead Secondary Academy", "Brook Valley College"]


def register_csv(count: int, rng: random.Random) -> tuple[str, list[dict]]:
    rows = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        dob = date(2001, 9, 1) + timedelta(days=rng.randint(0, 365 * 22))
        ref = f"SEN{200000 + i}"
        email = f"parent{i}@example.org"
        rows.append(dict(case_ref=ref, child_first_name=first, child_last_name=last, date_of_birth=dob.isoformat(),
                         school=rng.choice(SCHOOLS), year_group="", parent_name=f"Pat {last}", parent_email=email,
                         parent_phone="", case_officer="Officer", stage="assessment", request_date="2025-06-01"))
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue(), rows


def messages(rows: list[dict], count: int, rng: random.Random) -> list[tuple[dict, str | None, bool]]:
    """(message, the case it is about or None, whether the evidence is decisive by the rule)."""
    out = []
    for _ in range(count):
        row = rng.choice(rows)
        name = f"{row['child_first_name']} {row['child_last_name']}"
        dob = date.fromisoformat(row["date_of_birth"]).strftime("%d/%m/%Y")
        kind = rng.randrange(5)
        if kind == 0:
            out.append((dict(subject=f"Re: {row['case_ref']}", text="Any news on the plan?", sender_email="x@example.net", sender_name="A Writer"), row["case_ref"], True))
        elif kind == 1:
            out.append((dict(subject=name, text=f"Date of birth {dob}. The draft plan is late.", sender_email="school@example.net", sender_name="School Office"), row["case_ref"], True))
        elif kind == 2:
            out.append((dict(subject="Transport", text=f"{row['child_first_name']}'s taxi did not come.", sender_email=row["parent_email"], sender_name=row["parent_name"]), row["case_ref"], True))
        elif kind == 3:
            out.append((dict(subject=name, text="Any news about the plan?", sender_email="friend@example.net", sender_name="A Friend"), row["case_ref"], False))
        else:
            out.append((dict(subject="Question", text="How do I request an assessment?", sender_email="new@example.net", sender_name="New Parent"), None, False))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--messages", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(1234)
    url = os.environ.get("TRIAGE_DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        data, rows = register_csv(args.cases, rng)
        started = time.perf_counter()
        report = import_cases(session, io.StringIO(data), source_name="bench")
        session.commit()
        elapsed = time.perf_counter() - started
        print(f"database: {engine.dialect.name}; imported {report.created} cases in {elapsed:.1f}s "
              f"({report.created / elapsed:,.0f} rows/s), bad rows {len(report.bad_rows)}")
        if engine.dialect.name == "sqlite":
            session.execute(text("ANALYZE"))
        ids = {ref: cid for ref, cid in session.execute(select(Case.case_ref, Case.id))}
        refs = {cid: ref for ref, cid in ids.items()}
        show_plan(session, engine.dialect.name)

        batch = messages(rows, args.messages, rng)
        timings, wrong, decisive, linked_right, statuses = [], 0, 0, 0, {}
        for message, gold, is_decisive in batch:
            t0 = time.perf_counter()
            decision = link_message(session, case_ref_pattern=DEFAULT_CASE_REF_PATTERN, **message)
            timings.append(time.perf_counter() - t0)
            statuses[decision.status] = statuses.get(decision.status, 0) + 1
            decisive += is_decisive
            if decision.status == "linked":
                if refs[decision.case_id] != gold:
                    wrong += 1
                elif is_decisive:
                    linked_right += 1
        total = sum(timings)
        q = statistics.quantiles(timings, n=100)
        print(f"links: {len(timings)} in {total:.2f}s = {len(timings) / total:,.0f} links/s; "
              f"p50 {q[49] * 1000:.2f} ms, p95 {q[94] * 1000:.2f} ms per link")
        print(f"statuses: {statuses}; wrong automatic links: {wrong}; "
              f"recall on decisive messages: {linked_right / max(decisive, 1):.3f} ({linked_right}/{decisive})")
    finally:
        session.close()
        outer.rollback()
        connection.close()
        engine.dispose()
        if tmp:
            tmp.cleanup()


def show_plan(session: Session, dialect: str) -> None:
    """Print the candidate query's plan, to show every branch uses an index (no full scan)."""
    ev = extract_evidence(subject="Oliver Smith SEN200001", text="DOB 12/03/2015", sender_email="parent1@example.org",
                          sender_name="Pat Smith", case_ref_pattern=DEFAULT_CASE_REF_PATTERN)
    stmt = select(Case.id).where(or_(*candidate_conditions(ev, [1])))
    compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
    plan = [" ".join(str(c) for c in row) for row in session.execute(text(prefix + str(compiled)))]
    print("candidate query plan:\n  " + "\n  ".join(plan))


if __name__ == "__main__":
    main()
