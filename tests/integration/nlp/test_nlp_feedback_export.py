"""Agents' corrections exported as training rows that `training.run --feedback` reads."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from training import data
from training.feedback_export import corrected_rows, export
from triage.models import Classification, Feedback, Message

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _message(session: Session, n: int, text: str, *, topics: list[str], kind: str, urgent: bool = False) -> Message:
    message = Message(content_hash=f"{n:064d}", raw=b"x", size=1, channel="email", subject=f"Subject {n}", text=text)
    session.add(message)
    session.flush()
    session.add(Classification(message_id=message.id, model_version="m1", topics=topics, kind=kind, urgent=urgent))
    session.flush()
    return message


def _feedback(session: Session, message: Message, field: str, corrected: dict, minutes: int) -> None:
    session.add(Feedback(message_id=message.id, field=field, predicted={}, corrected=corrected, model_version="m1",
                         created_at=T0 + timedelta(minutes=minutes)))
    session.flush()


def test_corrections_become_rows_with_latest_correction_winning(session: Session, tmp_path: Path) -> None:
    a = _message(session, 1, "Could you tell me when the draft plan is due?", topics=["school_place"], kind="complaint")
    b = _message(session, 2, "My son has not been in school since March.", topics=[], kind="enquiry")
    untouched = _message(session, 3, "Thank you", topics=[], kind="other")
    _feedback(session, a, "topics", {"topics": ["timeliness"]}, 1)
    _feedback(session, a, "kind", {"kind": "complaint"}, 2)
    _feedback(session, a, "kind", {"kind": "enquiry"}, 3)
    _feedback(session, b, "urgent", {"urgent": True, "reason": "out of school now"}, 4)
    _feedback(session, b, "case_link", {"case_id": 7, "status": "confirmed"}, 5)

    rows = {row["id"]: row for row in corrected_rows(session)}
    assert set(rows) == {f"message-{a.id}", f"message-{b.id}"}
    assert f"message-{untouched.id}" not in rows
    first = rows[f"message-{a.id}"]
    assert (first["topics"], first["kind"], first["urgent"]) == (["timeliness"], "enquiry", False)
    assert first["body"] == "Could you tell me when the draft plan is due?" and first["subject"] == "Subject 1"
    second = rows[f"message-{b.id}"]
    assert (second["topics"], second["kind"], second["urgent"]) == ([], "enquiry", True)
    assert second["urgent_reasons"] == ["out of school now"]

    out = tmp_path / "corrections.jsonl"
    assert export(session, out) == 2
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    # The training workflow reads the file back, each correction weighted FEEDBACK_WEIGHT.
    loaded = data.load_feedback(out)
    assert len(loaded) == 2 and {row["weight"] for row in loaded} == {data.FEEDBACK_WEIGHT}
    assert {row["kind"] for row in loaded} == {"enquiry"}
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["model_version"] == "m1"


def test_export_of_no_corrections_writes_an_empty_file(session: Session, tmp_path: Path) -> None:
    out = tmp_path / "none.jsonl"
    assert export(session, out) == 0
    assert out.read_text(encoding="utf-8") == ""
