"""Export agents' corrections as labelled rows for `python -m training.run --feedback FILE`.

    python -m training.feedback_export --out corrections.jsonl

Each corrected message becomes one row: the model's own reading of it (its newest classification)
with every correction applied in the order agents made them, the latest winning per field.
Case-link corrections do not change the classifier's labels and are left out.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.models import Feedback, Message
from triage.nlp.labels import KINDS, TOPICS
from triage.runtime import current_runtime

LABEL_FIELDS = ("topics", "kind", "urgent")


def _start(message: Message) -> dict[str, Any]:
    classification = message.classification
    if classification is None:
        return {"topics": [], "kind": None, "urgent": False, "urgent_reasons": []}
    return {"topics": list(classification.topics or []), "kind": classification.kind,
            "urgent": bool(classification.urgent), "urgent_reasons": list(classification.urgent_reasons or [])}


def _apply(labels: dict[str, Any], feedback: Feedback) -> None:
    corrected = feedback.corrected or {}
    if feedback.field == "topics" and "topics" in corrected:
        labels["topics"] = [t for t in TOPICS if t in corrected["topics"]]
    elif feedback.field == "kind" and corrected.get("kind") in KINDS:
        labels["kind"] = corrected["kind"]
    elif feedback.field == "urgent" and "urgent" in corrected:
        labels["urgent"] = bool(corrected["urgent"])
        reason = corrected.get("reason")
        labels["urgent_reasons"] = [reason] if labels["urgent"] and reason else []


def corrected_rows(session: Session) -> Iterator[dict[str, Any]]:
    """One labelled row per message that agents corrected (topics, kind or urgency), oldest first."""
    stmt = (
        select(Feedback).where(Feedback.field.in_(LABEL_FIELDS))
        .order_by(Feedback.message_id, Feedback.created_at, Feedback.id)
    )
    current: dict[str, Any] | None = None
    current_id: int | None = None
    for feedback in session.scalars(stmt):
        if feedback.message_id != current_id:
            if current is not None:
                yield current
            message = session.get(Message, feedback.message_id)
            current_id = feedback.message_id
            current = None
            if message is None or not (message.text or message.subject):
                continue
            current = {"id": f"message-{message.id}", "subject": message.subject or "", "body": message.text or "",
                       **_start(message), "model_version": feedback.model_version}
        if current is not None:
            _apply(current, feedback)
    if current is not None:
        yield current


def export(session: Session, out: Path) -> int:
    """Write corrected rows as JSONL to out; rows whose kind is still unknown are skipped. Returns the count."""
    count = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for row in corrected_rows(session):
            if row["kind"] not in KINDS:
                continue
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; reads the database named by TRIAGE_DATABASE_URL."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    args = parser.parse_args(argv)
    with current_runtime().sessions() as session:
        count = export(session, args.out)
    print(f"wrote {count} corrected messages to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
