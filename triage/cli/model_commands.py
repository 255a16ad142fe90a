"""`triage classify`: JSON lines in, JSON lines out; no database needed."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click

from triage.nlp.loader import get_models
from triage.nlp.pipeline import Analysis, analyse_many

BATCH = 64


def _output(item_id: object, analysis: Analysis) -> dict:
    return {
        "id": item_id,
        "topics": analysis.topics,
        "topic_scores": analysis.topic_scores,
        "kind": analysis.kind,
        "urgent": analysis.urgent,
        "urgent_reasons": analysis.urgent_reasons,
        "language": analysis.language,
        "model_version": analysis.model_version,
        # Additions beyond the contract:
        "needs_review": analysis.needs_review,
        "explanations": analysis.explanations,
    }


def _read(lines: Iterator[str]) -> Iterator[tuple[int, dict | None, str | None]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"line {number} is not JSON: {exc.msg}"
            continue
        if not isinstance(item, dict):
            yield number, None, f"line {number} is not a JSON object"
        elif not isinstance(item.get("subject", ""), str) or not isinstance(item.get("body", ""), str):
            yield number, item, f"line {number}: subject and body must be strings"
        else:
            yield number, item, None


@click.command("classify")
def classify_cmd() -> None:
    """Read {"id","subject","body"} JSON lines on stdin; write one classification line each."""
    models = get_models()
    failures = 0
    pending: list[dict] = []

    def flush() -> None:
        results = analyse_many(models, [(p.get("subject") or "", p.get("body") or "") for p in pending])
        for item, analysis in zip(pending, results, strict=True):
            sys.stdout.write(json.dumps(_output(item.get("id"), analysis), ensure_ascii=False) + "\n")
        pending.clear()
        sys.stdout.flush()

    for _number, item, error in _read(iter(sys.stdin)):
        if error:
            flush()
            failures += 1
            sys.stdout.write(json.dumps({"id": item.get("id") if item else None, "error": error}) + "\n")
            continue
        pending.append(item)  # type: ignore[arg-type]
        if len(pending) >= BATCH:
            flush()
    flush()
    if failures:
        click.echo(f"classify: {failures} line(s) could not be read", err=True)
        sys.exit(1)

