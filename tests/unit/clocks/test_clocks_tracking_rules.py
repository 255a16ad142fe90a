"""Tribunal references, appeal deadlines and the complaint and appeal clock plans."""

from __future__ import annotations

from datetime import date

import pytest

from triage.models import Appeal, AppealOrder, Complaint
from triage.tracking.appeals import (
    NO_REGISTERED_DATE,
    appeal_clock_plans,
    family_appeal_deadline,
    order_due_on,
    tribunal_response_due_on,
)
from triage.tracking.complaints import complaint_clock_plans
from triage.tracking.tribunal_refs import extract_tribunal_refs, normalise_tribunal_ref


def test_clocks_tribunal_refs_are_found_and_normalised() -> None:
    text = "Re: appeal EH860/24/00312 (see also eh 861 / 25 / 01234). Again: EH860/24/00312."
    assert extract_tribunal_refs(text) == ["EH860/24/00312", "EH861/25/01234"]
    assert extract_tribunal_refs("XEH860/24/00312 and EH860/24/003123 and SEN104217") == []
    assert normalise_tribunal_ref(" eh860/24/00312 ") == "EH860/24/00312"
    assert normalise_tribunal_ref("EH86/24/00312") is None


def test_clocks_appeal_deadlines() -> None:
    assert family_appeal_deadline(date(2024, 12, 31)) == date(2025, 2, 28)
    assert family_appeal_deadline(date(2024, 1, 10), date(2024, 3, 1)) == date(2024, 4, 1)
    assert family_appeal_deadline(date(2024, 1, 10), date(2024, 1, 20)) == date(2024, 3, 10)
    assert tribunal_response_due_on(date(2024, 7, 1)) == date(2024, 9, 11)
    assert order_due_on("amend_bf", date(2024, 2, 1)) == date(2024, 3, 7)
    assert order_due_on("amend_i", date(2024, 2, 15)) == date(2024, 2, 29)
    assert order_due_on("make_plan_final", date(2024, 1, 1)) == date(2024, 3, 18)
    with pytest.raises(ValueError, match="unknown order item"):
        order_due_on("amend_x", date(2024, 1, 1))


def test_clocks_complaint_plans_follow_stages_and_extension() -> None:
    complaint = Complaint(stage="stage1", status="open", stage1_opened_on=date(2024, 12, 20))
    plans = {p.kind: p for p in complaint_clock_plans(complaint)}
    assert set(plans) == {"complaint_stage1_ack", "complaint_stage1_response"}
    assert plans["complaint_stage1_response"].amount == 10
    complaint.stage1_extended_on = date(2025, 1, 3)
    complaint.stage2_opened_on = date(2025, 2, 3)
    plans = {p.kind: p for p in complaint_clock_plans(complaint)}
    assert plans["complaint_stage1_response"].amount == 20
    assert plans["complaint_stage2_response"].starts_on == date(2025, 2, 3)
    complaint.status = "closed"
    complaint.stage1_acknowledged_on = date(2024, 12, 23)
    assert [p.kind for p in complaint_clock_plans(complaint)] == ["complaint_stage1_ack"]


def test_clocks_appeal_plans_without_registration_say_why() -> None:
    appeal = Appeal(tribunal_ref="EH860/24/00312")
    assert [(p.kind, p.reason) for p in appeal_clock_plans(appeal)] == [("tribunal_response", NO_REGISTERED_DATE)]
    appeal.registered_on = date(2024, 7, 1)
    appeal.orders.append(AppealOrder(id=7, item="amend_i", ordered_on=date(2024, 10, 1), due_on=date(2024, 10, 15)))
    plans = appeal_clock_plans(appeal)
    assert [(p.kind, p.starts_on, p.order_id) for p in plans] == [
        ("tribunal_response", date(2024, 7, 1), None), ("order_i", date(2024, 10, 1), 7)]
    appeal.outcome = "conceded"
    assert [p.kind for p in appeal_clock_plans(appeal)] == ["order_i"]
