"""A complaint's whole life: stage 1 (acknowledge, extend, respond), stage 2, Ombudsman, remedies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.models import AuditEvent, Case, Clock, Conversation
from triage.services.complaints import (
    ComplaintError,
    acknowledge_complaint,
    close_complaint,
    escalate_complaint,
    extend_stage1,
    list_open_complaints,
    open_complaint,
    record_remedies,
    respond_complaint,
)

NOW = datetime(2025, 1, 6, 9, tzinfo=UTC)


def clocks(session: Session, complaint_id: int) -> dict[str, Clock]:
    rows = session.scalars(select(Clock).where(Clock.complaint_id == complaint_id)).all()
    return {c.kind: c for c in rows}


def test_tracking_complaint_whole_life(session: Session, make_case: Callable[..., Case]) -> None:
    case = make_case()
    conv = Conversation(token="TRG-CMP001", subject="Formal complaint", case_id=case.id)
    session.add(conv)
    session.flush()
    complaint = open_complaint(session, opened_on=date(2024, 12, 20), now=NOW, conversation_id=conv.id,
                               summary="No reply for months")
    assert complaint.case_id == case.id  # taken from the conversation
    c = clocks(session, complaint.id)
    assert c["complaint_stage1_ack"].due_on == date(2024, 12, 31)  # 23, 24, 27, 30, 31 December
    assert c["complaint_stage1_response"].due_on == date(2025, 1, 8)

    acknowledge_complaint(session, complaint.id, date(2024, 12, 23), now=NOW)
    extend_stage1(session, complaint.id, date(2025, 1, 6), "waiting for school records", now=NOW)
    with pytest.raises(ComplaintError, match="once"):
        extend_stage1(session, complaint.id, date(2025, 1, 7), "again", now=NOW)
    c = clocks(session, complaint.id)
    assert c["complaint_stage1_ack"].state == "met"
    assert c["complaint_stage1_response"].due_on == date(2025, 1, 22)  # 10 more working days

    respond_complaint(session, complaint.id, date(2025, 1, 20), "partly_upheld", "Dear parent ...", now=NOW)
    assert clocks(session, complaint.id)["complaint_stage1_response"].state == "met"
    escalate_complaint(session, complaint.id, date(2025, 2, 3), now=NOW)
    assert complaint.stage == "stage2"
    assert clocks(session, complaint.id)["complaint_stage2_response"].due_on == date(2025, 3, 3)

    [row] = [r for r in list_open_complaints(session) if r.complaint.id == complaint.id]
    assert row.next_clock is not None and row.next_clock.kind == "complaint_stage2_response"

    respond_complaint(session, complaint.id, date(2025, 3, 4), "not_upheld", "Stage 2 letter", now=NOW)
    assert clocks(session, complaint.id)["complaint_stage2_response"].state == "breached"  # a day late
    escalate_complaint(session, complaint.id, date(2025, 4, 1), ombudsman_ref="24 012 345", now=NOW)
    respond_complaint(session, complaint.id, date(2025, 9, 1), "upheld", "", now=NOW)
    record_remedies(session, complaint.id, now=NOW, apology=True, payment_pence=50000,
                    service_improvement="Weekly chasing of overdue advice", lessons_learned="Track advice requests")
    close_complaint(session, complaint.id, date(2025, 9, 15), now=NOW)
    assert complaint.outcome == "upheld" and complaint.stage1_outcome == "partly_upheld"
    assert complaint.remedy_payment_pence == 50000 and complaint.status == "closed"
    with pytest.raises(ComplaintError, match="no further stage"):
        escalate_complaint(session, complaint.id, date(2025, 10, 1), now=NOW)
    assert all(r.complaint.id != complaint.id for r in list_open_complaints(session))
    actions = session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "complaint", AuditEvent.object_id == complaint.id).order_by(AuditEvent.id)).all()
    assert actions[0] == "complaint.opened" and actions[-1] == "complaint.closed"
    assert actions.count("complaint.escalated") == 2


def test_tracking_complaint_withdrawn_drops_running_clocks(session: Session) -> None:
    complaint = open_complaint(session, opened_on=date(2025, 1, 6), now=NOW, about_appealable_decision=True)
    assert complaint.about_appealable_decision is True
    with pytest.raises(ComplaintError, match="before closing"):
        close_complaint(session, complaint.id, date(2025, 1, 7), now=NOW)
    close_complaint(session, complaint.id, date(2025, 1, 7), now=NOW, withdrawn=True)
    assert complaint.outcome == "withdrawn"
    assert clocks(session, complaint.id) == {}
    with pytest.raises(ComplaintError, match="withdrawn"):
        escalate_complaint(session, complaint.id, date(2025, 2, 1), now=NOW)
    with pytest.raises(ComplaintError, match="unknown outcome"):
        respond_complaint(session, complaint.id, date(2025, 1, 8), "maybe", "", now=NOW)
