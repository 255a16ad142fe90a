"""Insight jobs: keep the dashboard's aggregates current, and compute complaint themes."""

from __future__ import annotations

from datetime import datetime

from triage.db import session_scope
from triage.runtime import current_runtime
from triage.services import insight
from triage.services.insight import RefreshReport


def refresh_insight(message_id: int) -> int:
    """Recompute the aggregates of one message's day and its clocks' days. Idempotent."""
    with session_scope(current_runtime().sessions) as session:
        return insight.refresh_message_days(session, message_id)


def refresh_since(since: datetime | None = None, full: bool = False) -> RefreshReport:
    """Recompute what changed since the watermark (or everything with full). Idempotent."""
    with session_scope(current_runtime().sessions) as session:
        return insight.refresh_since(session, since, full=full)
