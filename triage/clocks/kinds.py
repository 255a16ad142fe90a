"""The kinds of clock the service runs, and how each one's due date follows from its start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from triage.clocks.calendar import (
    SERVICE_DAY_ENDS,
    add_weeks,
    add_working_days,
    at_london_time,
    end_of_london_day,
    london_date,
)

Unit = Literal["working_days", "weeks", "fixed"]


@dataclass(frozen=True)
class ClockKind:
    name: str
    label: str
    unit: Unit
    amount: int | None  # the default period; None for fixed-date clocks
    calendar: str = "england"
    # Timed clocks fall due at 17:00 London on the due day; the others at the end of the day.
    timed: bool = False
    # A clock is "due soon" from this many working days before it falls due.
    due_soon_working_days: int = 5
    # Only the service clock stops while the service awaits the family.
    pausable: bool = False


KINDS: dict[str, ClockKind] = {
    k.name: k
    for k in (
        ClockKind("service_first_reply", "First reply to the contact", "working_days", 5,
                  timed=True, due_soon_working_days=1, pausable=True),
        ClockKind("complaint_stage1_ack", "Stage 1 complaint acknowledged", "working_days", 5,
                  due_soon_working_days=1),
        ClockKind("complaint_stage1_response", "Stage 1 complaint response", "working_days", 10,
                  due_soon_working_days=2),
        ClockKind("complaint_stage2_response", "Stage 2 complaint response", "working_days", 20,
                  due_soon_working_days=3),
        ClockKind("assessment_decision", "Decision whether to assess (6 weeks)", "weeks", 6),
        ClockKind("final_plan", "Final EHC plan (20 weeks)", "weeks", 20, due_soon_working_days=10),
        ClockKind("annual_review_decision", "Annual review decision (4 weeks)", "weeks", 4),
        ClockKind("amended_plan", "Amended plan (8 weeks)", "weeks", 8),
        ClockKind("phase_transfer", "Phase transfer plan amended", "fixed", None,
                  due_soon_working_days=15),
        ClockKind("tribunal_response", "Response to the Tribunal (30 Tribunal days)",
                  "working_days", 30, calendar="tribunal"),
        ClockKind("order_bf", "Tribunal order: amend sections B/F (5 weeks)", "weeks", 5),
        ClockKind("order_i", "Tribunal order: amend section I (2 weeks)", "weeks", 2,
                  due_soon_working_days=3),
        ClockKind("order_plan_draft", "Tribunal order: draft plan (5 weeks)", "weeks", 5),
        ClockKind("order_plan_final", "Tribunal order: final plan (11 weeks)", "weeks", 11),
    )
}


def get_kind(name: str) -> ClockKind:
    """The clock kind called name; a ValueError names the known kinds otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown clock kind {name!r}; known: {', '.join(KINDS)}") from None


@dataclass(frozen=True)
class ClockPlan:
    """What a clock should be, derived from a record: its start, due day and stop, or why not."""

    kind: str
    starts_on: date | None
    due_on: date | None = None  # computed from the kind unless the kind is fixed-date
    amount: int | None = None  # overrides the kind's default period (e.g. an extension)
    stopped_on: date | None = None
    reason: str | None = None  # set when the clock cannot start
    order_id: int | None = None  # the Tribunal order an order clock belongs to


def period_due_on(kind: ClockKind, start: date, amount: int | None = None) -> date:
    """The due day for a period clock started on start (start not counted)."""
    period = kind.amount if amount is None else amount
    if kind.unit == "fixed" or period is None:
        raise ValueError(f"{kind.name} has no period; its due day is fixed by its record")
    if kind.unit == "weeks":
        return add_weeks(start, period)
    return add_working_days(start, period, kind.calendar)


def due_instant(kind: ClockKind, due_on: date) -> datetime:
    """The first instant the clock is late: 17:00 London for timed kinds, else the next midnight."""
    if kind.timed:
        return at_london_time(due_on, SERVICE_DAY_ENDS)
    return end_of_london_day(due_on)


def start_of_day(day: date) -> datetime:
    """A London day as the instant it begins, for clocks and stops recorded by date."""
    return at_london_time(day, time(0, 0))


def start_day(starts_at: datetime) -> date:
    """The London day a clock started on."""
    return london_date(starts_at)
