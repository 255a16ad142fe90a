"""The statutory clocks a case record implies (SEND Regulations 2014), derived from its dates.

A clock whose start date is missing is planned as "cannot start" with the reason, never with an
invented date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from triage.clocks.kinds import ClockPlan

NO_REQUEST_DATE = "no request date on the case record"
NO_PROPOSALS_DATE = "the review decided to amend the plan but no proposals date is on the case record"
TRANSFER_ROUTES = ("school", "post16", "post16_other")


@dataclass(frozen=True)
class Milestone:
    kind: str
    on: date
    detail: str | None = None
    recorded_on: date | None = None  # when the council recorded it (starts the transfer clock)


def _first(milestones: Iterable[Milestone], kind: str, after: date, before: date | None = None) -> Milestone | None:
    """The earliest milestone of kind on or after `after` (and before `before`, when given)."""
    found = sorted(
        (m for m in milestones if m.kind == kind and m.on >= after and (before is None or m.on < before)),
        key=lambda m: m.on,
    )
    return found[0] if found else None


def _starts(milestones: Iterable[Milestone], kind: str) -> list[Milestone]:
    return sorted((m for m in milestones if m.kind == kind), key=lambda m: m.on)


def transfer_due_on(transfer_on: date, route: str | None) -> date:
    """Reg 18: 15 February of the transfer year; 31 March for secondary to post-16; 5 months
    ahead for other post-16 moves."""
    if route == "post16":
        return date(transfer_on.year, 3, 31)
    if route == "post16_other":
        return transfer_on - relativedelta(months=5)
    return date(transfer_on.year, 2, 15)


def _assessment_plans(request_date: date | None, milestones: Sequence[Milestone]) -> list[ClockPlan]:
    if request_date is None:
        return [
            ClockPlan("assessment_decision", None, reason=NO_REQUEST_DATE),
            ClockPlan("final_plan", None, reason=NO_REQUEST_DATE),
        ]
    decision = _first(milestones, "assessment_decision", request_date)
    plans = [ClockPlan("assessment_decision", request_date, stopped_on=decision.on if decision else None)]
    refused = decision is not None and decision.detail == "refuse"
    # A refusal to assess or a decision not to issue ends the 20-week plan clock.
    if not refused and _first(milestones, "not_to_issue", request_date) is None:
        issued = _first(milestones, "final_plan_issued", request_date)
        plans.append(ClockPlan("final_plan", request_date, stopped_on=issued.on if issued else None))
    return plans


def _follow_on(milestones: Sequence[Milestone], start_kind: str, stop_kind: str, clock: str) -> list[ClockPlan]:
    """One clock per start milestone, stopped by the first stop milestone before the next start."""
    starts = _starts(milestones, start_kind)
    plans = []
    for i, start in enumerate(starts):
        following = starts[i + 1].on if i + 1 < len(starts) else None
        stop = _first(milestones, stop_kind, start.on, following)
        plans.append(ClockPlan(clock, start.on, stopped_on=stop.on if stop else None))
    return plans


def _missing_proposals(milestones: Sequence[Milestone]) -> list[ClockPlan]:
    plans = []
    for decision in _starts(milestones, "review_decision"):
        if decision.detail == "amend" and _first(milestones, "amendment_proposals", decision.on) is None:
            plans.append(ClockPlan("amended_plan", None, reason=NO_PROPOSALS_DATE))
    return plans[:1]


def _transfer_plans(milestones: Sequence[Milestone]) -> list[ClockPlan]:
    plans = []
    for move in _starts(milestones, "phase_transfer"):
        due = transfer_due_on(move.on, move.detail)
        start = min(move.recorded_on or due, due)
        amended = _first(milestones, "phase_transfer_amended", move.on - relativedelta(years=1), move.on)
        plans.append(ClockPlan("phase_transfer", start, due_on=due, stopped_on=amended.on if amended else None))
    return plans


def plan_case_clocks(request_date: date | None, milestones: Sequence[Milestone]) -> list[ClockPlan]:
    """Every statutory clock the case's request date and milestones imply."""
    return [
        *_assessment_plans(request_date, milestones),
        *_follow_on(milestones, "review_meeting", "review_decision", "annual_review_decision"),
        *_follow_on(milestones, "amendment_proposals", "amended_plan_issued", "amended_plan"),
        *_missing_proposals(milestones),
        *_transfer_plans(milestones),
    ]
