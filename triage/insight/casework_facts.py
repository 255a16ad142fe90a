"""Pure counting of complaints, Ombudsman cases, appeals and Tribunal orders into daily facts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from triage.clocks.calendar import working_days_between
from triage.insight.aggregate import Facts, team_key

# Keyed by stage: the response time the council's procedure promises, in working days.
RESPONSE_CODE_WORKING_DAYS = {"stage1": 10, "stage2": 20}
COMPLAINT_METRICS = ("complaint_opened", "complaint_outcome", "complaint_response", "complaint_remedy", "ombudsman")
APPEAL_METRICS = ("appeal_type", "appeal_outcome", "order")


@dataclass(frozen=True)
class ComplaintRow:
    team_id: int | None
    stage: str
    outcome: str | None
    stage1_opened_on: date
    stage1_responded_on: date | None
    stage2_opened_on: date | None
    stage2_responded_on: date | None
    ombudsman_referred_on: date | None
    ombudsman_decided_on: date | None
    ombudsman_outcome: str | None
    remedy_payment_pence: int | None
    remedy_apology: bool
    remedy_service_improvement: bool


@dataclass(frozen=True)
class AppealRow:
    team_id: int | None
    registered_on: date
    appeal_type: str | None
    outcome: str | None
    outcome_on: date | None


@dataclass(frozen=True)
class OrderRow:
    team_id: int | None
    item: str
    due_on: date
    complied_on: date | None


def count_complaints(rows: Iterable[ComplaintRow]) -> Facts:
    """Opened by current stage, outcomes and remedies on the opening day; responses; Ombudsman events."""
    counts = Facts()
    for c in rows:
        team = team_key(c.team_id)
        opened = c.stage1_opened_on
        counts.add((opened, team, "complaint_opened", c.stage))
        if c.outcome:
            counts.add((opened, team, "complaint_outcome", c.outcome))
        for stage, start, end in (("stage1", c.stage1_opened_on, c.stage1_responded_on),
                                  ("stage2", c.stage2_opened_on, c.stage2_responded_on)):
            if start is None or end is None:
                continue
            taken = working_days_between(start, end)
            within = "within" if taken <= RESPONSE_CODE_WORKING_DAYS[stage] else "late"
            counts.add((end, team, "complaint_response", f"{stage}|{within}"), taken)
        if c.remedy_payment_pence:
            counts.add((opened, team, "complaint_remedy", "payment"), c.remedy_payment_pence)
        if c.remedy_apology:
            counts.add((opened, team, "complaint_remedy", "apology"))
        if c.remedy_service_improvement:
            counts.add((opened, team, "complaint_remedy", "service_improvement"))
        if c.ombudsman_referred_on:
            counts.add((c.ombudsman_referred_on, team, "ombudsman", "referred"))
        if c.ombudsman_decided_on and c.ombudsman_outcome:
            counts.add((c.ombudsman_decided_on, team, "ombudsman", f"decided|{c.ombudsman_outcome}"))
    return counts


def count_appeals(appeals: Iterable[AppealRow], orders: Iterable[OrderRow], today: date) -> Facts:
    """Appeals by type (registered day) and outcome (outcome day); orders on time, late or overdue (due day)."""
    counts = Facts()
    for a in appeals:
        team = team_key(a.team_id)
        counts.add((a.registered_on, team, "appeal_type", a.appeal_type or "unknown"))
        if a.outcome:
            counts.add((a.outcome_on or a.registered_on, team, "appeal_outcome", a.outcome))
    for o in orders:
        team = team_key(o.team_id)
        counts.add((o.due_on, team, "order", f"{o.item}|{order_state(o, today)}"))
    return counts


def order_state(order: OrderRow, today: date) -> str:
    """on_time, late, overdue (not done, past due) or pending (not done, not yet due)."""
    if order.complied_on is not None:
        return "on_time" if order.complied_on <= order.due_on else "late"
    return "overdue" if today > order.due_on else "pending"

