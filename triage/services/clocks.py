"""Clock use-cases over a Session: start, pause, stop, derive from records, and check. Flush only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from triage.clocks.calendar import add_working_days_dt, london_date
from triage.clocks.evaluate import ClockReading, is_paused, read_clock
from triage.clocks.kinds import ClockPlan, get_kind, period_due_on, start_of_day
from triage.clocks.statutory import Milestone, plan_case_clocks
from triage.db import utcnow
from triage.models import Appeal, Case, CaseMilestone, Clock, Complaint, Conversation
from triage.models.clock import EXCEPTIONS, MILESTONE_KINDS
from triage.services.audit import record
from triage.tracking.appeals import appeal_clock_plans
from triage.tracking.complaints import complaint_clock_plans

SERVICE = "service_first_reply"
UNANSWERED_STATES = ("running", "paused", "breached")
STATUTORY_KINDS = ("assessment_decision", "final_plan", "annual_review_decision", "amended_plan",
                   "phase_transfer")


class ClockError(ValueError):
    """A clock operation that cannot be done; the message says why."""


def refresh(clock: Clock, now: datetime) -> ClockReading:
    """Re-read a clock at now and store what changed (state, due day and time)."""
    reading = read_clock(
        get_kind(clock.kind),
        now=now,
        starts_at=clock.starts_at,
        base_due_on=clock.base_due_on,
        paused_spans=clock.paused_spans or (),
        stopped_at=clock.stopped_at,
        exception=clock.exception,
        cannot_start_reason=clock.reason,
    )
    if clock.due_at and reading.due_at and reading.due_at > clock.due_at and reading.state == "running":
        # Pushed later (a pause, an extension): warn and escalate afresh against the new time.
        clock.due_soon_at = None
        clock.escalated_at = None
    for name in ("state", "due_on", "due_at"):
        if getattr(clock, name) != getattr(reading, name):
            setattr(clock, name, getattr(reading, name))
    return reading


# --- the service clock (first reply to a contact) -------------------------------------------

def service_clock(session: Session, conversation_id: int) -> Clock | None:
    """The conversation's first-reply clock, if it has one."""
    return session.scalars(
        select(Clock).where(Clock.conversation_id == conversation_id, Clock.kind == SERVICE)
    ).first()


def _set_conversation_due(session: Session, clock: Clock) -> None:
    conversation = session.get(Conversation, clock.conversation_id)
    if conversation is not None:
        conversation.due_at = clock.due_at if clock.stopped_at is None else None


def start_service_clock(
    session: Session, conversation_id: int, started_at: datetime, working_days: int = 5
) -> Clock:
    """Start the first-reply clock (idempotent: an existing clock is returned unchanged)."""
    existing = service_clock(session, conversation_id)
    if existing is not None:
        return existing
    kind = get_kind(SERVICE)
    clock = Clock(
        kind=SERVICE, conversation_id=conversation_id, amount=working_days, starts_at=started_at,
        base_due_on=london_date(add_working_days_dt(started_at, working_days, kind.calendar)),
        paused_spans=[],
    )
    session.add(clock)
    refresh(clock, started_at)
    _set_conversation_due(session, clock)
    session.flush()
    record(session, "clock.started", "clock", clock.id,
           details={"kind": SERVICE, "conversation_id": conversation_id, "due_at": clock.due_at.isoformat()})
    return clock


def _require_service_clock(session: Session, conversation_id: int) -> Clock:
    clock = service_clock(session, conversation_id)
    if clock is None:
        raise ClockError(f"conversation {conversation_id} has no first-reply clock")
    return clock


def pause_service_clock(
    session: Session, conversation_id: int, at: datetime, reason: str = "awaiting the family",
    *, actor_user_id: int | None = None,
) -> Clock:
    """Pause the first-reply clock (awaiting the family); a paused or stopped clock is left alone."""
    clock = _require_service_clock(session, conversation_id)
    if clock.stopped_at is not None or is_paused(clock.paused_spans or []):
        return clock
    clock.paused_spans = [*(clock.paused_spans or []), {"from": at.isoformat(), "to": None, "reason": reason}]
    refresh(clock, at)
    _set_conversation_due(session, clock)
    record(session, "clock.paused", "clock", clock.id, actor_user_id=actor_user_id, details={"reason": reason})
    session.flush()
    return clock


def _close_pause(clock: Clock, at: datetime) -> None:
    spans = [dict(span) for span in clock.paused_spans or []]
    if spans and not spans[-1].get("to"):
        spans[-1]["to"] = at.isoformat()
        clock.paused_spans = spans


def resume_service_clock(
    session: Session, conversation_id: int, at: datetime, *, actor_user_id: int | None = None
) -> Clock:
    """Resume a paused first-reply clock; the due day moves on by the working days paused."""
    clock = _require_service_clock(session, conversation_id)
    if not is_paused(clock.paused_spans or []):
        return clock
    _close_pause(clock, at)
    refresh(clock, at)
    _set_conversation_due(session, clock)
    record(session, "clock.resumed", "clock", clock.id, actor_user_id=actor_user_id,
           details={"due_at": clock.due_at.isoformat() if clock.due_at else None})
    session.flush()
    return clock


def stop_service_clock(
    session: Session, conversation_id: int, at: datetime, *, actor_user_id: int | None = None
) -> Clock | None:
    """Stop the first-reply clock at the first reply (idempotent: later replies change nothing)."""
    clock = service_clock(session, conversation_id)
    if clock is None or clock.stopped_at is not None:
        return clock
    _close_pause(clock, at)
    clock.stopped_at = at
    refresh(clock, at)
    _set_conversation_due(session, clock)
    record(session, "clock.stopped", "clock", clock.id, actor_user_id=actor_user_id,
           details={"state": clock.state})
    session.flush()
    return clock


def record_exception(
    session: Session, clock_id: int, exception: str | None, reason: str, now: datetime,
    *, actor_user_id: int | None = None,
) -> Clock:
    """Record (or clear, with None) a reg 10(4) exception on a clock, with the reason."""
    clock = session.get(Clock, clock_id)
    if clock is None:
        raise ClockError(f"no clock {clock_id}")
    if exception is not None and exception not in EXCEPTIONS:
        raise ClockError(f"unknown exception {exception!r}; use one of {', '.join(EXCEPTIONS)}")
    if exception is not None and not reason.strip():
        raise ClockError("an exception needs a reason")
    clock.exception = exception
    clock.exception_reason = reason.strip() or None
    refresh(clock, now)
    record(session, "clock.exception", "clock", clock.id, actor_user_id=actor_user_id,
           details={"exception": exception, "reason": reason})
    session.flush()
    return clock


# --- clocks derived from records (case, complaint, appeal) -----------------------------------

def _plan_key(plan_kind: str, starts_on: date | None, order_id: int | None) -> tuple:
    return (plan_kind, order_id) if order_id is not None else (plan_kind, starts_on)


def _clock_key(clock: Clock) -> tuple:
    starts_on = london_date(clock.starts_at) if clock.starts_at else None
    return _plan_key(clock.kind, starts_on, clock.appeal_order_id)


def _apply_plan(clock: Clock, plan: ClockPlan) -> None:
    kind = get_kind(plan.kind)
    clock.amount = plan.amount if plan.amount is not None else kind.amount
    clock.reason = plan.reason
    clock.appeal_order_id = plan.order_id
    clock.starts_at = start_of_day(plan.starts_on) if plan.starts_on else None
    if plan.starts_on is None:
        clock.base_due_on = None
    else:
        clock.base_due_on = plan.due_on or period_due_on(kind, plan.starts_on, clock.amount)
    clock.stopped_at = start_of_day(plan.stopped_on) if plan.stopped_on else None
    if clock.paused_spans is None:
        clock.paused_spans = []


def sync_clocks(
    session: Session, existing: Sequence[Clock], plans: Sequence[ClockPlan], owner: dict[str, int],
    now: datetime,
) -> list[Clock]:
    """Make the owner's clocks match the plans: update in place, add new, delete the stale."""
    by_key = {_clock_key(clock): clock for clock in existing}
    kept: list[Clock] = []
    for plan in plans:
        clock = by_key.pop(_plan_key(plan.kind, plan.starts_on, plan.order_id), None)
        if clock is None and plan.starts_on is not None:
            # A clock that could not start before now can: the same row carries on.
            clock = by_key.pop(_plan_key(plan.kind, None, plan.order_id), None)
        if clock is None:
            clock = Clock(kind=plan.kind, paused_spans=[], **owner)
            session.add(clock)
        _apply_plan(clock, plan)
        refresh(clock, now)
        kept.append(clock)
    for stale in by_key.values():
        session.delete(stale)
    session.flush()
    return kept


def record_milestone(
    session: Session, case_id: int, kind: str, on: date, *, detail: str | None = None,
    note: str | None = None, actor_user_id: int | None = None,
) -> CaseMilestone:
    """Record a dated event on a case (a review meeting, a plan issued); idempotent per day."""
    if kind not in MILESTONE_KINDS:
        raise ClockError(f"unknown milestone {kind!r}; use one of {', '.join(MILESTONE_KINDS)}")
    milestone = session.scalars(
        select(CaseMilestone).where(
            CaseMilestone.case_id == case_id, CaseMilestone.kind == kind, CaseMilestone.on == on
        )
    ).first()
    if milestone is None:
        milestone = CaseMilestone(case_id=case_id, kind=kind, on=on, recorded_by_user_id=actor_user_id)
        session.add(milestone)
    milestone.detail = detail
    milestone.note = note
    session.flush()
    record(session, "case.milestone", "case", case_id, actor_user_id=actor_user_id,
           details={"kind": kind, "on": on.isoformat(), "detail": detail})
    return milestone


def statutory_clocks_for_case(session: Session, case_id: int, now: datetime) -> list[Clock]:
    """Derive the case's statutory clocks from its request date and milestones, stored and read at now."""
    case = session.get(Case, case_id)
    if case is None:
        raise ClockError(f"no case {case_id}")
    milestones = [
        Milestone(m.kind, m.on, m.detail, london_date(m.created_at) if m.created_at else None)
        for m in session.scalars(select(CaseMilestone).where(CaseMilestone.case_id == case_id))
    ]
    existing = session.scalars(
        select(Clock).where(Clock.case_id == case_id, Clock.kind.in_(STATUTORY_KINDS))
    ).all()
    return sync_clocks(session, existing, plan_case_clocks(case.request_date, milestones),
                       {"case_id": case_id}, now)


def complaint_clocks(session: Session, complaint: Complaint, now: datetime) -> list[Clock]:
    """Bring the complaint's stage clocks in line with its dates."""
    existing = session.scalars(select(Clock).where(Clock.complaint_id == complaint.id)).all()
    return sync_clocks(session, existing, complaint_clock_plans(complaint), {"complaint_id": complaint.id}, now)


def appeal_clocks(session: Session, appeal: Appeal, now: datetime) -> list[Clock]:
    """Bring the appeal's response and order clocks in line with its dates."""
    existing = session.scalars(select(Clock).where(Clock.appeal_id == appeal.id)).all()
    return sync_clocks(session, existing, appeal_clock_plans(appeal), {"appeal_id": appeal.id}, now)


def clocks_for_case(session: Session, case_id: int, now: datetime | None = None) -> list[Clock]:
    """Every clock about a case (statutory, its conversations', complaints' and appeals'), read at now.

    A clock's state is derived from its dates, so it is brought up to date here rather than shown
    as of the last `triage clocks check`; escalation still happens only in check_clocks.
    """
    conversations = select(Conversation.id).where(Conversation.case_id == case_id)
    complaints = select(Complaint.id).where(Complaint.case_id == case_id)
    appeals = select(Appeal.id).where(Appeal.case_id == case_id)
    clocks = list(session.scalars(
        select(Clock).where(or_(
            Clock.case_id == case_id,
            Clock.conversation_id.in_(conversations),
            Clock.complaint_id.in_(complaints),
            Clock.appeal_id.in_(appeals),
        )).order_by(Clock.due_at.is_(None), Clock.due_at, Clock.id)
    ))
    now = now or utcnow()
    for clock in clocks:
        if clock.state in ("running", "paused", "breached"):
            refresh(clock, now)
    return clocks


def next_clocks(clocks: Sequence[Clock], owner: str) -> dict[int, Clock]:
    """The earliest unanswered clock (running, paused or breached) per owner id."""
    best: dict[int, Clock] = {}
    for clock in clocks:
        owner_id = getattr(clock, owner)
        if clock.state not in UNANSWERED_STATES or clock.stopped_at or not clock.due_at or owner_id is None:
            continue
        if owner_id not in best or clock.due_at < best[owner_id].due_at:
            best[owner_id] = clock
    return best
