"""The README's run command, minus serving: `triage demo` on a fresh embedded instance."""

import json
from pathlib import Path

import pytest

from tests.e2e.test_e2e_ingest_to_queue import _env, triage


@pytest.mark.slow
def test_the_demo_loads_cases_mail_and_history_and_can_run_twice(tmp_path: Path) -> None:
    env = _env(f"sqlite:///{tmp_path / 'demo.sqlite3'}", tmp_path / "instance")
    first = triage(env, "demo", "--no-serve")
    assert first.returncode == 0, first.stderr[-2000:]
    assert "150 created" in first.stdout and "17 processed" in first.stdout and "240 past contacts" in first.stdout
    assert "agent@council.example" in first.stdout and "demo-password-123" in first.stdout
    assert "4 saved views" in first.stdout

    again = triage(env, "demo", "--no-serve")
    assert again.returncode == 0 and "19 already stored" in again.stdout and "past contacts" not in again.stdout
    assert "0 saved views" in again.stdout

    rows = [json.loads(line) for line in triage(env, "export", "messages").stdout.splitlines()]
    inbound = [r for r in rows if r["direction"] == "inbound"]
    assert len(inbound) == 259
    assert sum(r["link_status"] == "linked" for r in inbound) >= 10
    assert all(r["team"] for r in inbound if r["status"] == "processed")
