"""The first-reply clock against a real database: start, pause, resume, stop, exceptions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.models import AuditEvent, Clock, Conversation
from triage.services.clocks import (
    ClockError,
    pause_service_clock,
    record_exception,
    resume_service_clock,
    start_service_clock,
    stop_service_clock,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def conversation(session: Session) -> Conversation:
    conv = Conversation(token="TRG-SVC001", subject="Where is the draft plan?")
    session.add(conv)
    session.flush()
    return conv


def test_tracking_service_clock_start_is_idempotent_and_sets_due(session: Session, conversation: Conversation) -> None:
    clock = start_service_clock(session, conversation.id, utc(2024, 3, 28, 9), working_days=5)
    again = start_service_clock(session, conversation.id, utc(2024, 3, 29, 9), working_days=5)
    assert again.id == clock.id
    # Good Friday and Easter Monday skipped; 17:00 British Summer Time is 16:00 UTC.
    assert clock.due_on == date(2024, 4, 8)
    assert clock.due_at == utc(2024, 4, 8, 16)
    assert clock.state == "running"
    assert conversation.due_at == clock.due_at
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.object_id == clock.id)) == "clock.started"


def test_tracking_service_clock_pause_resume_stop(session: Session, conversation: Conversation) -> None:
    start_service_clock(session, conversation.id, utc(2024, 3, 4, 9))
    clock = pause_service_clock(session, conversation.id, utc(2024, 3, 5, 10), "awaiting the family")
    assert clock.state == "paused"
    assert pause_service_clock(session, conversation.id, utc(2024, 3, 6, 10)).paused_spans == clock.paused_spans
    clock = resume_service_clock(session, conversation.id, utc(2024, 3, 8, 10))
    assert clock.state == "running"
    assert clock.due_on == date(2024, 3, 14)  # pushed by Wed, Thu, Fri
    session.expire_all()
    stored = session.get(Clock, clock.id)
    assert stored.paused_spans[0]["reason"] == "awaiting the family"
    assert stored.paused_spans[0]["to"] is not None
    stopped = stop_service_clock(session, conversation.id, utc(2024, 3, 14, 12))
    assert stopped is not None and stopped.state == "met"
    assert stop_service_clock(session, conversation.id, utc(2024, 3, 20, 12)).stopped_at == utc(2024, 3, 14, 12)
    assert session.get(Conversation, conversation.id).due_at is None


def test_tracking_service_clock_late_reply_is_breached(session: Session, conversation: Conversation) -> None:
    start_service_clock(session, conversation.id, utc(2024, 3, 4, 9))
    clock = stop_service_clock(session, conversation.id, utc(2024, 3, 12, 9))
    assert clock is not None and clock.state == "breached"


def test_tracking_exception_needs_a_known_reason(session: Session, conversation: Conversation) -> None:
    clock = start_service_clock(session, conversation.id, utc(2024, 3, 4, 9))
    with pytest.raises(ClockError, match="unknown exception"):
        record_exception(session, clock.id, "holiday", "x", utc(2024, 3, 5))
    with pytest.raises(ClockError, match="needs a reason"):
        record_exception(session, clock.id, "family_away", "  ", utc(2024, 3, 5))
    clock = record_exception(session, clock.id, "family_away", "abroad until April", utc(2024, 3, 20))
    assert clock.state == "excepted"
    with pytest.raises(ClockError, match="no first-reply clock"):
        pause_service_clock(session, conversation.id + 999, utc(2024, 3, 5))
