"""Benchmark: messages per second end to end (store + process) vs classification alone.

    .venv/bin/python bench/bench_pipeline.py [--messages 200] [--database-url URL]

Builds a fresh database (a temporary SQLite file unless --database-url is given), imports the
sample register, stores N synthetic mails and runs the real processing job on each; then
classifies the same texts alone. The ratio is the pipeline's overhead (parse, thread, link,
route, database). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

from triage.cli.db_commands import upgrade
from triage.config import load_settings
from triage.db import session_scope
from triage.jobs.processing import process_message
from triage.nlp.loader import get_models
from triage.nlp.pipeline import analyse_many
from triage.runtime import build_runtime, use_runtime
from triage.services.demo import load_demo_data
from triage.services.intake import store_raw_email

REPO = Path(__file__).resolve().parents[1]


def sample_texts(n: int) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in (REPO / "data/samples/training/test_handwritten.jsonl").read_text().splitlines() if line.strip()]
    rng = random.Random(7)
    return [(r["subject"], r["body"]) for r in (rng.choice(rows) for _ in range(n))]


def build_mail(i: int, subject: str, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Parent {i} <parent{i}@example.org>"
    msg["To"] = "send@council.example"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<bench-{i}-{time.time_ns()}@example.org>"
    msg.set_content(body)
    return msg.as_bytes()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="triage-bench-"))
    env = {"TRIAGE_INSTANCE_PATH": str(tmp), "TRIAGE_SECRET_KEY": "b" * 32}
    if args.database_url:
        env["TRIAGE_DATABASE_URL"] = args.database_url
    runtime = use_runtime(build_runtime(load_settings(env)))
    upgrade(runtime.settings.database_url)
    with session_scope(runtime.sessions) as session:
        load_demo_data(session, REPO / "data" / "samples")
    texts = sample_texts(args.messages)

    t0 = time.perf_counter()
    models = get_models()
    analyse_many(models, texts[:2])
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    ids = []
    for i, (subject, body) in enumerate(texts):
        with session_scope(runtime.sessions) as session:
            message, _ = store_raw_email(session, build_mail(i, subject, body), source="bench")
            ids.append(message.id)
    store_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for message_id in ids:
        process_message(message_id)
    process_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for subject, body in texts:
        analyse_many(models, [(subject, body)])
    classify_s = time.perf_counter() - t0

    n = len(texts)
    print(f"database: {runtime.settings.database_url.split('@')[-1]}")
    print(f"model load + warm-up: {load_s:.1f} s")
    print(f"store raw:            {n / store_s:8.1f} messages/s")
    print(f"process (end to end): {n / process_s:8.1f} messages/s")
    print(f"classify alone:       {n / classify_s:8.1f} messages/s (one at a time)")
    print(f"pipeline overhead:    {process_s / classify_s:8.2f}x the classification time")


if __name__ == "__main__":
    main()
