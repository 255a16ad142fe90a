"""Ingesting files for the CLI (`ingest`, `demo`): store each raw item first, then process."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from triage.db import session_scope, utcnow
from triage.intake.forms import FormErrors, validate_submission
from triage.jobs.processing import process_message
from triage.jobs.queue import enqueue_processing
from triage.models import Message
from triage.runtime import Runtime
from triage.services.ingest_files import IngestItem, read_items
from triage.services.intake import MessageTooLarge, header_date, store_raw_email, store_submission, store_unreadable


def _store(runtime: Runtime, item: IngestItem) -> tuple[int, bool, str, str | None]:
    """Store one item in its own transaction: (id, created, status, error)."""
    with session_scope(runtime.sessions) as session:
        if item.kind == "email":
            # A file's own Date is its arrival time (historic mail keeps its clocks), never the future.
            sent = header_date(item.raw)
            message, created = store_raw_email(session, item.raw, source=item.source,
                                               received_at=min(sent, utcnow()) if sent else None,
                                               max_bytes=runtime.settings.max_message_bytes)
        elif item.problem:
            message, created = store_unreadable(session, item.raw, channel="form", source=item.source, reason=item.problem)
        else:
            try:
                submission = validate_submission(item.form, default_channel="form")
            except FormErrors as exc:
                message, created = store_unreadable(session, item.raw, channel="form", source=item.source,
                                                    reason=f"invalid form submission: {exc}")
            else:
                message, created = store_submission(session, submission, source=item.source)
        return message.id, created, message.status, message.error


def ingest_paths(runtime: Runtime, paths: list[Path], *, run_async: bool, report: Callable[[str], None]) -> Counter[str]:
    """Store every item under `paths`, then process (or enqueue) the new ones; counts by outcome."""
    counts: Counter[str] = Counter()
    to_process: list[int] = []
    for item in read_items(paths):
        try:
            message_id, created, status, error = _store(runtime, item)
        except MessageTooLarge as exc:  # refused at the door, as SMTP (552) and HTTP (413) do
            counts["refused"] += 1
            report(f"{item.source}: refused: {exc}")
            continue
        counts["stored" if created else "already stored"] += 1
        if status == "quarantined":
            counts["quarantined"] += 1
            report(f"{item.source}: quarantined: {error}")
        elif status == "received":
            to_process.append(message_id)
    for message_id in to_process:
        if run_async:
            enqueue_processing(runtime.settings, message_id)
            counts["enqueued"] += 1
            continue
        try:
            process_message(message_id)
        except Exception as exc:  # the job quarantined it with the reason; carry on with the rest
            counts["quarantined"] += 1
            report(f"message {message_id}: quarantined: {type(exc).__name__}: {exc}")
    if not run_async and to_process:
        with session_scope(runtime.sessions) as session:
            statuses = Counter(session.scalars(select(Message.status).where(Message.id.in_(to_process))))
        for status in ("processed", "auto_reply", "bounce"):
            counts[status] += statuses[status]
    return counts
