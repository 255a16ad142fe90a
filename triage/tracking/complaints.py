"""Complaint procedure rules: stage order, outcomes, remedies, and the stage clocks they imply."""

from __future__ import annotations

from triage.clocks.kinds import ClockPlan
from triage.models.complaint import Complaint

STAGE1_EXTENSION_WORKING_DAYS = 10
NEXT_STAGE = {"stage1": "stage2", "stage2": "ombudsman"}
APPEALABLE_ADVICE = (
    "This complaint is about a decision the family can appeal. Point them to mediation "
    "and the SEND Tribunal rather than the complaints procedure."
)


def complaint_clock_plans(complaint: Complaint) -> list[ClockPlan]:
    """The stage clocks a complaint implies: acknowledge and respond at stage 1, respond at stage 2.

    A complaint withdrawn or closed keeps only the clocks that had already stopped.
    """
    closed = complaint.status == "closed"
    response_days = 10 + (STAGE1_EXTENSION_WORKING_DAYS if complaint.stage1_extended_on else 0)
    plans = [
        ClockPlan("complaint_stage1_ack", complaint.stage1_opened_on,
                  stopped_on=complaint.stage1_acknowledged_on),
        ClockPlan("complaint_stage1_response", complaint.stage1_opened_on, amount=response_days,
                  stopped_on=complaint.stage1_responded_on),
    ]
    if complaint.stage2_opened_on is not None:
        plans.append(ClockPlan("complaint_stage2_response", complaint.stage2_opened_on,
                               stopped_on=complaint.stage2_responded_on))
    if closed:
        plans = [plan for plan in plans if plan.stopped_on is not None]
    return plans
