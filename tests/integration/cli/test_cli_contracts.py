"""The command-line contracts of DESIGN.md §5, through the installed `triage` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_e2e_ingest_to_queue import _env, triage

FORM = {"channel": "form", "sender_name": "Dana Whitfield", "sender_email": "dana@example.org",
        "child_name": "Leo Whitfield", "child_dob": "12/03/2015", "subject": "Assessment",
        "body": "We asked for an assessment in September and have heard nothing.", "received_at": "2026-11-20T10:00:00Z"}


@pytest.fixture
def env(tmp_path: Path, fresh_database_url: str) -> dict[str, str]:
    env = _env(fresh_database_url, tmp_path / "instance")
    assert triage(env, "db", "upgrade").returncode == 0
    return env


@pytest.mark.slow
def test_ingest_keeps_what_is_not_mail_and_says_so(env: dict[str, str], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "picture.eml").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (inbox / "broken.json").write_text("{not json")
    (inbox / "invalid-form.json").write_text(json.dumps({**FORM, "sender_email": "nope"}))
    (inbox / "good-form.json").write_text(json.dumps(FORM))
    result = triage(env, "ingest", str(inbox))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "4 stored" in result.stdout and "3 quarantined" in result.stdout and "1 processed" in result.stdout
    assert "not mail" in result.stderr and "not valid JSON" in result.stderr and "sender_email" in result.stderr

    rows = {r["id"]: r for r in map(json.loads, triage(env, "export", "messages", "--format", "jsonl").stdout.splitlines())}
    assert sorted(r["status"] for r in rows.values()) == ["processed", "quarantined", "quarantined", "quarantined"]
    assert all(r["error"] for r in rows.values() if r["status"] == "quarantined")

    again = triage(env, "reprocess", "--failed")
    assert again.returncode == 1 and "still failing" in again.stderr


@pytest.mark.slow
def test_classify_reads_and_writes_json_lines_without_a_database(tmp_path: Path) -> None:
    env = _env("postgresql://nobody@127.0.0.1:1/none", tmp_path / "instance")  # never touched
    lines = "\n".join([
        json.dumps({"id": "a", "subject": "Where is the final plan?", "body": "It is week 24 and we still have no final EHC plan. Nobody answers my emails."}),
        "this is not json",
        json.dumps({"id": 3, "subject": "", "body": ""}),
    ]) + "\n"
    result = triage(env, "classify", stdin=lines)
    assert result.returncode == 1  # one line was unreadable
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, 3]
    first = out[0]
    assert set(first) >= {"id", "topics", "topic_scores", "kind", "urgent", "urgent_reasons", "language", "model_version"}
    assert "timeliness" in first["topics"] and first["language"] == "en"
    assert 0.0 <= min(first["topic_scores"].values()) <= max(first["topic_scores"].values()) <= 1.0
    assert "error" in out[1]
    assert out[2]["kind"] in ("other", "enquiry") and out[2]["urgent"] is False


def test_calendar_due_answers_on_the_command_line(tmp_path: Path) -> None:
    env = _env("sqlite:///unused.sqlite3", tmp_path / "instance")
    # Mon 21 Dec 2026: Christmas Day (Fri) and the Boxing Day substitute (Mon 28) are not working days.
    result = triage(env, "calendar", "due", "--from", "2026-12-21", "--working-days", "5")
    assert result.returncode == 0 and result.stdout.strip() == "2026-12-30"
    # The Tribunal's calendar also skips 25 December to 1 January.
    result = triage(env, "calendar", "due", "--from", "2026-12-21", "--working-days", "5", "--calendar", "tribunal")
    assert result.returncode == 0 and result.stdout.strip() == "2027-01-05"
    bad = triage(env, "calendar", "due", "--from", "2026-12-21")
    assert bad.returncode == 2


def test_bad_configuration_is_a_clear_message(tmp_path: Path) -> None:
    env = _env("mysql://x@y/z", tmp_path / "instance")
    result = triage(env, "db", "upgrade")
    assert result.returncode != 0
    assert "TRIAGE_DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_import_cases_reports_bad_rows_and_keeps_the_good(env: dict[str, str], tmp_path: Path) -> None:
    csv = tmp_path / "cases.csv"
    csv.write_text("case_ref,child_first_name,child_last_name,date_of_birth\n"
                   "SEN300001,Ada,Quill,2015-02-30\n"
                   "SEN300002,Ben,Quill,03/04/2016\n"
                   "SEN300003,,Quill,2016-04-03\n")
    result = triage(env, "import-cases", str(csv))
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "line 2" in out and "line 4" in out and "1 created" in out


def test_create_user_takes_the_password_from_the_environment(env: dict[str, str]) -> None:
    ok = triage(env, "create-user", "lead@council.example", "--role", "team_lead", "--team", "Complaints")
    assert ok.returncode == 0 and "team_lead" in ok.stdout
    bad = triage(env, "create-user", "x@council.example", "--role", "agent", "--team", "Nowhere")
    assert bad.returncode != 0 and "no team named 'Nowhere'" in bad.stderr


def test_evaluate_links_reports_on_an_empty_installation(env: dict[str, str]) -> None:
    result = triage(env, "evaluate-links")
    assert result.returncode == 0 and "automatic links reviewed by people: 0" in result.stdout


def test_ingest_refuses_mail_over_the_size_cap_and_says_so(env: dict[str, str], tmp_path: Path) -> None:
    big = tmp_path / "big.eml"
    big.write_bytes(b"From: a@example.org\r\nSubject: big\r\n\r\n" + b"x" * 4096)
    result = triage({**env, "TRIAGE_MAX_MESSAGE_BYTES": "2048"}, "ingest", str(big))
    assert result.returncode == 1
    assert "1 refused" in result.stdout and "over the 2,048-byte limit" in result.stderr
    assert triage(env, "export", "messages").stdout == ""  # nothing half-stored
