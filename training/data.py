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
# Hand-written training batches (handwritten_<voices>.jsonl), each written by hand in its own set of voices.
HANDWRITTEN_TRAINING_GLOB = "handwritten_*.jsonl"
# A hand-written row reads like real contact; the generated rows outnumber them about six to one.
HANDWRITTEN_WEIGHT = 3
# One in HOLD_OUT_EVERY hand-written training rows (chosen by a hash of its id, so stable as batches grow)
# joins the hand-written validation split instead: more real-sounding mail to choose thresholds on.
HOLD_OUT_EVERY = 5
# A correction from an agent is worth more than one synthetic row: it is real mail, judged by a person.
# (Rows carry an optional "weight", passed as sample weights: 1 if absent in the encoder fine-tuning,
# train.GENERATED_ROW_WEIGHT if absent in the classifiers.)
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


def handwritten_training_files(folder: Path = SAMPLES_DIR) -> list[Path]:
    """The hand-written training batches, in name order (never the test or validation split)."""
    return sorted(folder.glob(HANDWRITTEN_TRAINING_GLOB))


def held_out(row_id: str) -> bool:
    """Whether a hand-written training row is held out for threshold choice (stable per id)."""
    return int(hashlib.sha1(row_id.encode("utf-8")).hexdigest(), 16) % HOLD_OUT_EVERY == 0


def split_handwritten(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(training rows, weighted HANDWRITTEN_WEIGHT; held-out rows for validation)."""
    kept = [{**row, "weight": HANDWRITTEN_WEIGHT} for row in rows if not held_out(row["id"])]
    return kept, [row for row in rows if held_out(row["id"])]


def load_feedback(path: Path) -> list[dict[str, Any]]:
    """Agent corrections ({"subject","body","topics","kind","urgent"} per line), each weighted FEEDBACK_WEIGHT.

    Weights, not repeated rows: a repeated row would sit on both sides of the calibration folds and
    make the calibrated probabilities overconfident."""
    return [{**row, "id": f"feedback-{index:05d}", "weight": FEEDBACK_WEIGHT} for index, row in enumerate(read_jsonl(path))]


def sha256_of_rows(rows: Iterable[dict[str, Any]]) -> str:
    """Content hash of the training rows (order-sensitive), recorded in meta.json."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()
