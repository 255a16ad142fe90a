"""The processing job: process_message(message_id), run by RQ workers or in-process."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Sequence

from triage.db import session_scope, utcnow
from triage.jobs.queue import REFRESH_INSIGHT, SEND_ACKNOWLEDGEMENT, enqueue
from triage.models import Message
from triage.nlp.loader import get_models
from triage.nlp.pipeline import Analysis, analyse
from triage.runtime import current_runtime
from triage.services import processing

log = logging.getLogger(__name__)


def analyse_with_shipped_model(subject: str, body: str, schools: Sequence[str]) -> Analysis:
    """Classify with the process's models (loaded once, on first use)."""
    return analyse(get_models(current_runtime().settings.model_path), subject, body, schools=schools)


def process_message(message_id: int, force: bool = False) -> str:
    """Parse, classify, link and route one stored message. Idempotent: safe to run twice.

    On failure the message is quarantined with the error (visible and retryable), and the
    error is re-raised so the queue records the failure too.
    """
    runtime = current_runtime()
    try:
        with session_scope(runtime.sessions) as session:
            outcome = processing.process_message(
                session, message_id, analyse=analyse_with_shipped_model, settings=runtime.settings, force=force
            )
    except Exception as exc:
        log.exception("message %s quarantined", message_id)
        with session_scope(runtime.sessions) as session:
            message = session.get(Message, message_id)
            if message is not None:
                message.status = "quarantined"
                message.attempts += 1
                message.error = f"{type(exc).__name__}: {exc}\n" + "".join(traceback.format_exception(exc)[-3:])
                message.processed_at = utcnow()
        raise
    # Follow-up jobs of their own, so a failure there never quarantines a processed message.
    # Embedded, they run here and now: this already is the process's job thread.
    if outcome.status in ("processed", "auto_reply", "bounce"):
        _follow_up(REFRESH_INSIGHT, message_id, f"insight-{message_id}")
    if runtime.settings.acknowledge and outcome.status == "processed" and outcome.new_conversation:
        _follow_up(SEND_ACKNOWLEDGEMENT, message_id, f"acknowledge-{message_id}")
    return outcome.status


def _follow_up(path: str, message_id: int, job_id: str) -> None:
    settings = current_runtime().settings
    if not settings.embedded_jobs:
        enqueue(settings, path, message_id, job_id=job_id)
        return
    try:
        enqueue(settings, path, message_id, job_id=job_id, wait=True)
    except Exception:  # logged, and retried by the next refresh or by hand; the message is fine
        log.exception("follow-up job %s for message %s failed", path, message_id)
