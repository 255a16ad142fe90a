"""Statutory clocks from a case record: missing dates say why; milestones start and stop clocks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from triage.models import Case, Conversation
from triage.services.clocks import clocks_for_case, record_milestone, statutory_clocks_for_case
from triage.services.complaints import open_complaint

NOW = datetime(2024, 3, 1, 9, tzinfo=UTC)


def test_tracking_case_without_request_date_then_with(session: Session, make_case: Callable[..., Case]) -> None:
    case = make_case(request_date=None)
    clocks = statutory_clocks_for_case(session, case.id, NOW)
    assert {(c.kind, c.state, c.reason) for c in clocks} == {
        ("assessment_decision", "cannot_start", "no request date on the case record"),
        ("final_plan", "cannot_start", "no request date on the case record"),
    }
    ids = {c.kind: c.id for c in clocks}
    case.request_date = date(2024, 1, 18)
    clocks = {c.kind: c for c in statutory_clocks_for_case(session, case.id, NOW)}
    assert {k: c.id for k, c in clocks.items()} == ids  # the same rows, now started
    assert clocks["assessment_decision"].due_on == date(2024, 2, 29)
    assert clocks["assessment_decision"].state == "breached"
    assert clocks["final_plan"].due_on == date(2024, 6, 6)
    assert clocks["final_plan"].state == "running"

    record_milestone(session, case.id, "assessment_decision", date(2024, 2, 27), detail="assess")
    record_milestone(session, case.id, "review_meeting", date(2024, 2, 20))
    clocks = {c.kind: c for c in statutory_clocks_for_case(session, case.id, NOW)}
    assert clocks["assessment_decision"].state == "met"
    assert clocks["annual_review_decision"].due_on == date(2024, 3, 19)
    # Evaluating again changes nothing.
    session.flush()
    statutory_clocks_for_case(session, case.id, NOW)
    assert not session.dirty and not session.new


def test_tracking_case_panel_lists_every_clock(session: Session, make_case: Callable[..., Case]) -> None:
    case = make_case(request_date=date(2024, 1, 18))
    conv = Conversation(token="TRG-PNL001", case_id=case.id)
    session.add(conv)
    session.flush()
    statutory_clocks_for_case(session, case.id, NOW)
    open_complaint(session, opened_on=date(2024, 2, 26), now=NOW, conversation_id=conv.id)
    kinds = [c.kind for c in clocks_for_case(session, case.id)]
    assert sorted(kinds) == ["assessment_decision", "complaint_stage1_ack", "complaint_stage1_response", "final_plan"]
