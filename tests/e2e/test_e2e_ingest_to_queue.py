"""End to end through the real entry points: `triage` CLI processes, the web app, RQ workers.

A sample .eml goes through `triage ingest` (a real subprocess, the bundled model) and ends up
classified, linked and routed, and visible on the queue page of an agent of that team. The same
mail through Redis is processed by a real `triage worker --burst`. Each on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import select

from tests.conftest import REDIS_URL
from triage.config import load_settings
from triage.db import session_scope
from triage.models import Conversation, Message
from triage.runtime import build_runtime
from web import create_app

TRIAGE = str(Path(sys.executable).with_name("triage"))
REGISTER = """case_ref,child_first_name,child_last_name,date_of_birth,school,parent_name,parent_email,stage,request_date
SEN204511,Maisie,Thornbury,2016-05-04,Northfield Primary School,Kerry Thornbury,kerry.t@example.org,assessment,2026-06-01
SEN204512,Maisie,Thornton,2014-02-19,Castle Hill Academy,Ian Thornton,ian.thornton@example.net,final plan,2025-01-10
"""
CHASER = b"""From: Kerry Thornbury <kerry.t@example.org>\r
To: send.team@council.example\r
Subject: Still waiting - SEN204511\r
Date: Mon, 23 Nov 2026 09:12:00 +0000\r
Message-ID: <chaser-1@example.org>\r
Content-Type: text/plain; charset=utf-8\r
\r
Hello,\r
\r
We asked for an EHC needs assessment for my daughter Maisie on 1 June and it is now well past\r
the six weeks. Nobody has told us whether the council will assess her. I have emailed three\r
times and nobody has replied. When will we get a decision?\r
\r
Kerry Thornbury\r
"""


def _env(database_url: str, instance: Path, redis_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")}
    env.update({"TRIAGE_DATABASE_URL": database_url, "TRIAGE_INSTANCE_PATH": str(instance),
                "TRIAGE_SECRET_KEY": "e2e-" + "k" * 40, "TRIAGE_NEW_PASSWORD": "e2e password 123"})
    if redis_url:
        env["TRIAGE_REDIS_URL"] = redis_url
    return env


def triage(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TRIAGE, *args], env=env, input=stdin, capture_output=True, text=True, timeout=600)


def _prepare(tmp_path: Path, database_url: str, redis_url: str | None = None) -> dict[str, str]:
    env = _env(database_url, tmp_path / "instance", redis_url)
    for args in (["db", "upgrade"], ["create-user", "assess@council.example", "--role", "agent", "--team", "Assessment"],
                 ["create-user", "place@council.example", "--role", "agent", "--team", "Placements"],
                 ["create-user", "complaints@council.example", "--role", "agent", "--team", "Complaints"]):
        result = triage(env, *args)
        assert result.returncode == 0, result.stderr
    (tmp_path / "cases.csv").write_text(REGISTER)
    result = triage(env, "import-cases", str(tmp_path / "cases.csv"))
    assert result.returncode == 0, result.stdout + result.stderr
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "chaser.eml").write_bytes(CHASER)
    return env


def _assert_processed(database_url: str, instance: Path) -> Conversation:
    runtime = build_runtime(load_settings({"TRIAGE_DATABASE_URL": database_url, "TRIAGE_INSTANCE_PATH": str(instance),
                                           "TRIAGE_SECRET_KEY": "e2e-" + "k" * 40}))
    with session_scope(runtime.sessions) as session:
        message = session.scalar(select(Message).where(Message.message_id == "chaser-1@example.org"))
        assert message is not None and message.status == "processed", message and message.error
        c = message.classification
        assert c is not None and "timeliness" in c.topics and c.kind in ("enquiry", "complaint")
        assert message.case_link.status == "linked" and message.case_link.case.case_ref == "SEN204511"
        conversation = message.conversation
        assert conversation.team.name in ("Assessment", "Complaints")
        assert conversation.due_at is not None
        session.expunge_all()
    runtime.engine.dispose()
    return conversation


@pytest.mark.slow
def test_ingested_mail_is_classified_linked_routed_and_on_the_agents_queue(tmp_path: Path, fresh_database_url: str) -> None:
    env = _prepare(tmp_path, fresh_database_url)
    result = triage(env, "ingest", str(tmp_path / "mail"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 stored" in result.stdout and "1 processed" in result.stdout
    again = triage(env, "ingest", str(tmp_path / "mail"))
    assert "1 already stored" in again.stdout

    conversation = _assert_processed(fresh_database_url, tmp_path / "instance")
    team = conversation.team.name
    agent = {"Assessment": "assess@council.example", "Complaints": "complaints@council.example"}[team]

    settings = load_settings({"TRIAGE_DATABASE_URL": fresh_database_url, "TRIAGE_INSTANCE_PATH": str(tmp_path / "instance"),
                              "TRIAGE_SECRET_KEY": "e2e-" + "k" * 40})
    runtime = build_runtime(settings)
    app = create_app(runtime)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    assert client.post("/login", data={"email": agent, "password": "e2e password 123"}).status_code in (302, 303)
    page = client.get("/queue").get_data(as_text=True)
    assert "Still waiting" in page and "SEN204511" in page

    other = app.test_client()
    other.post("/login", data={"email": "place@council.example", "password": "e2e password 123"})
    assert "Still waiting" not in other.get("/queue").get_data(as_text=True)

    exported = triage(env, "export", "messages", "--format", "jsonl")
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert row["message_id"] == "chaser-1@example.org" and row["case_ref"] == "SEN204511"
    assert row["link_status"] == "linked" and row["team"] == team and row["status"] == "processed"
    assert set(row) >= {"id", "channel", "sender", "subject", "received_at", "conversation_id", "topics", "topic_scores",
                        "kind", "urgent", "urgent_reasons", "language", "priority", "due_at", "text"}
    runtime.engine.dispose()


@pytest.mark.slow
@pytest.mark.redis
def test_a_real_rq_worker_processes_enqueued_mail(tmp_path: Path, fresh_database_url: str) -> None:
    redis = Redis.from_url(REDIS_URL)
    redis.flushdb()
    env = _prepare(tmp_path, fresh_database_url, REDIS_URL)
    result = triage(env, "ingest", "--async", str(tmp_path / "mail"))
    assert result.returncode == 0, result.stderr
    assert "1 enqueued" in result.stdout
    assert redis.llen("rq:queue:triage") == 1
    worker = triage(env, "worker", "--burst")
    assert worker.returncode == 0, worker.stderr
    assert redis.llen("rq:queue:triage") == 0
    _assert_processed(fresh_database_url, tmp_path / "instance")
    redis.flushdb()
