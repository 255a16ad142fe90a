"""Statutory clocks derived from a case's request date and milestones; missing dates say why."""

from __future__ import annotations

from datetime import date

from triage.clocks.statutory import (
    NO_PROPOSALS_DATE,
    NO_REQUEST_DATE,
    Milestone,
    plan_case_clocks,
    transfer_due_on,
)


def by_kind(plans):  # type: ignore[no-untyped-def]
    return {plan.kind: plan for plan in plans}


def test_clocks_no_request_date_cannot_start_with_the_reason() -> None:
    plans = by_kind(plan_case_clocks(None, []))
    assert plans["assessment_decision"].starts_on is None
    assert plans["assessment_decision"].reason == NO_REQUEST_DATE
    assert plans["final_plan"].reason == "no request date on the case record"


def test_clocks_request_starts_assessment_and_plan_clocks() -> None:
    request = date(2024, 1, 18)
    decided = Milestone("assessment_decision", date(2024, 2, 20), "assess")
    plans = by_kind(plan_case_clocks(request, [decided]))
    assert plans["assessment_decision"].starts_on == request
    assert plans["assessment_decision"].stopped_on == date(2024, 2, 20)
    assert plans["final_plan"].stopped_on is None


def test_clocks_refusal_to_assess_ends_the_plan_clock() -> None:
    plans = by_kind(plan_case_clocks(date(2024, 1, 18), [Milestone("assessment_decision", date(2024, 2, 20), "refuse")]))
    assert "final_plan" not in plans
    plans = by_kind(plan_case_clocks(date(2024, 1, 18), [Milestone("not_to_issue", date(2024, 5, 1))]))
    assert "final_plan" not in plans


def test_clocks_each_review_meeting_has_its_own_decision_clock() -> None:
    milestones = [
        Milestone("review_meeting", date(2023, 3, 1)),
        Milestone("review_decision", date(2023, 3, 20), "maintain"),
        Milestone("review_meeting", date(2024, 3, 1)),
    ]
    plans = [p for p in plan_case_clocks(date(2020, 1, 6), milestones) if p.kind == "annual_review_decision"]
    assert [(p.starts_on, p.stopped_on) for p in plans] == [
        (date(2023, 3, 1), date(2023, 3, 20)),
        (date(2024, 3, 1), None),  # last year's decision does not stop this year's clock
    ]


def test_clocks_amend_decision_without_proposals_cannot_start() -> None:
    milestones = [Milestone("review_meeting", date(2024, 3, 1)), Milestone("review_decision", date(2024, 3, 20), "amend")]
    amended = [p for p in plan_case_clocks(date(2020, 1, 6), milestones) if p.kind == "amended_plan"]
    assert len(amended) == 1 and amended[0].reason == NO_PROPOSALS_DATE
    milestones.append(Milestone("amendment_proposals", date(2024, 3, 20)))
    amended = [p for p in plan_case_clocks(date(2020, 1, 6), milestones) if p.kind == "amended_plan"]
    assert [(p.starts_on, p.reason) for p in amended] == [(date(2024, 3, 20), None)]


def test_clocks_phase_transfer_deadlines() -> None:
    assert transfer_due_on(date(2025, 9, 1), "school") == date(2025, 2, 15)
    assert transfer_due_on(date(2025, 9, 1), "post16") == date(2025, 3, 31)
    assert transfer_due_on(date(2025, 9, 1), "post16_other") == date(2025, 4, 1)
    assert transfer_due_on(date(2024, 9, 2), None) == date(2024, 2, 15)  # leap year, no matter
    move = Milestone("phase_transfer", date(2025, 9, 1), "school", recorded_on=date(2024, 9, 10))
    done = Milestone("phase_transfer_amended", date(2025, 2, 10))
    plan = by_kind(plan_case_clocks(date(2020, 1, 6), [move, done]))["phase_transfer"]
    assert (plan.starts_on, plan.due_on, plan.stopped_on) == (date(2024, 9, 10), date(2025, 2, 15), date(2025, 2, 10))
