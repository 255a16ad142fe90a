"""Reading and checking labelled rows: generated samples, the hand-written test split, agent corrections."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from triage.nlp.labels import KINDS, TOPICS

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "samples" / "training"
GENERATED = SAMPLES_DIR / "generated.jsonl"
COMPOSED = SAMPLES_DIR / "composed.jsonl"
# Hand-written like the test split but by other voices; used only to choose thresholds, never trained on.
HANDWRITTEN_VALIDATION = SAMPLES_DIR / "validation_handwritten.jsonl"
HANDWRITTEN_TEST = SAMPLES_DIR / "test_handwritten.jsonl"
# A correction from an agent is worth more than one synthetic row: it is real mail, judged by a person.
FEEDBACK_WEIGHT = 3


class DataError(ValueError):
    """A labelled row is malformed; the message names the file and line."""


def check_row(row: dict[str, Any], where: str) -> dict[str, Any]:
    """Validate one labelled row and return it normalised (sorted topics, bool urgent)."""
    for key in ("body", "topics", "kind", "urgent"):
        if key not in row:
            raise DataError(f"{where}: missing field {key!r}")
    unknown = set(row["topics"]) - set(TOPICS)
    if unknown:
        raise DataError(f"{where}: unknown topics {sorted(unknown)}; known: {TOPICS}")
    if row["kind"] not in KINDS:
        raise DataError(f"{where}: unknown kind {row['kind']!r}; known: {KINDS}")
    return {
        "id": str(row.get("id", where)),
        "subject": str(row.get("subject") or ""),
        "body": str(row["body"] or ""),
        "topics": sorted(set(row["topics"])),
        "kind": row["kind"],
        "urgent": bool(row["urgent"]),
        "urgent_reasons": list(row.get("urgent_reasons") or []),
    }


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """All rows of a labelled JSONL file, checked."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    raw = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataError(f"{path}:{number}: not JSON ({exc.msg})") from None
                rows.append(check_row(raw, f"{path.name}:{number}"))
    return rows


def load_feedback(path: Path) -> list[dict[str, Any]]:
    """Agent corrections ({"subject","body","topics","kind","urgent"} per line), repeated FEEDBACK_WEIGHT times."""
    rows = read_jsonl(path)
    for index, row in enumerate(rows):
        row["id"] = f"feedback-{index:05d}"
    return [dict(row) for row in rows for _ in range(FEEDBACK_WEIGHT)]


def sha256_of_rows(rows: Iterable[dict[str, Any]]) -> str:
    """Content hash of the training rows (order-sensitive), recorded in meta.json."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()
