"""Tribunal appeals: from correspondence or by hand, response clock, orders, outcome, open list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.models import AuditEvent, Case, Clock
from triage.services.appeals import (
    AppealError,
    add_order,
    appeals_from_text,
    comply_order,
    create_appeal,
    list_open_appeals,
    record_appeal_outcome,
    update_appeal,
)

NOW = datetime(2024, 7, 2, 9, tzinfo=UTC)


def appeal_clocks(session: Session, appeal_id: int) -> list[Clock]:
    return list(session.scalars(select(Clock).where(Clock.appeal_id == appeal_id).order_by(Clock.id)))


def test_tracking_appeal_from_text_is_idempotent(session: Session, make_case: Callable[..., Case]) -> None:
    case = make_case()
    text = "The Tribunal has registered appeal EH860/24/00312 for your child."
    [appeal] = appeals_from_text(session, text, now=NOW)
    assert appeal.tribunal_ref == "EH860/24/00312" and appeal.case_id is None
    [clock] = appeal_clocks(session, appeal.id)
    assert clock.state == "cannot_start" and "registered date" in (clock.reason or "")
    [same] = appeals_from_text(session, "Re: eh860/24/00312", now=NOW, case_id=case.id)
    assert same.id == appeal.id and same.case_id == case.id
    with pytest.raises(AppealError, match="already recorded"):
        create_appeal(session, "EH860/24/00312", now=NOW)
    with pytest.raises(AppealError, match="not a Tribunal reference"):
        create_appeal(session, "SEN104217", now=NOW)


def test_tracking_appeal_whole_life(session: Session, make_case: Callable[..., Case]) -> None:
    case = make_case()
    appeal = create_appeal(session, "EH861/24/00400", now=NOW, case_id=case.id, appeal_type="contents_i")
    update_appeal(session, appeal.id, now=NOW, registered_on=date(2024, 7, 1), hearing_on=date(2024, 11, 20))
    assert appeal.response_due_on == date(2024, 9, 11)  # August is not a Tribunal month
    [response] = appeal_clocks(session, appeal.id)
    assert response.kind == "tribunal_response" and response.state == "running"
    assert response.starts_at is not None  # the row that could not start now runs
    update_appeal(session, appeal.id, now=NOW, response_sent_on=date(2024, 9, 10))
    assert appeal_clocks(session, appeal.id)[0].state == "met"

    record_appeal_outcome(session, appeal.id, "allowed_part", date(2024, 11, 25), now=NOW)
    order = add_order(session, appeal.id, "amend_i", date(2024, 11, 25), now=NOW)
    assert order.due_on == date(2024, 12, 9)
    assert appeal.status == "orders_outstanding"
    [row] = [r for r in list_open_appeals(session) if r.appeal.id == appeal.id]
    assert row.next_clock is not None and row.next_clock.kind == "order_i"

    comply_order(session, order.id, date(2024, 12, 10), now=NOW)
    order_clock = [c for c in appeal_clocks(session, appeal.id) if c.kind == "order_i"][0]
    assert order_clock.state == "breached"  # a day late
    assert appeal.status == "closed"
    assert all(r.appeal.id != appeal.id for r in list_open_appeals(session))
    with pytest.raises(AppealError, match="unknown outcome"):
        record_appeal_outcome(session, appeal.id, "won", date(2024, 12, 1), now=NOW)
    with pytest.raises(AppealError, match="cannot set"):
        update_appeal(session, appeal.id, now=NOW, outcome_on=date(2024, 12, 1))
    actions = session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "appeal", AuditEvent.object_id == appeal.id).order_by(AuditEvent.id)).all()
    assert actions[0] == "appeal.created" and "appeal.order_complied" in actions
