"""Complaint use-cases: open, acknowledge, extend, respond, escalate, remedy, close. Flush only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.models import Clock, Complaint, Conversation
from triage.models.complaint import COMPLAINT_OUTCOMES
from triage.services.audit import record
from triage.services.clocks import complaint_clocks, next_clocks
from triage.tracking.complaints import NEXT_STAGE


class ComplaintError(ValueError):
    """A complaint change that cannot be made; the message says why."""


def _get(session: Session, complaint_id: int) -> Complaint:
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise ComplaintError(f"no complaint {complaint_id}")
    return complaint


def _changed(session: Session, complaint: Complaint, action: str, now: datetime,
             actor_user_id: int | None, details: dict) -> Complaint:
    complaint_clocks(session, complaint, now)
    record(session, f"complaint.{action}", "complaint", complaint.id, actor_user_id=actor_user_id,
           details={"stage": complaint.stage, **details})
    session.flush()
    return complaint


def open_complaint(
    session: Session, *, opened_on: date, now: datetime, conversation_id: int | None = None,
    case_id: int | None = None, summary: str = "", handler_user_id: int | None = None,
    about_appealable_decision: bool = False, actor_user_id: int | None = None,
) -> Complaint:
    """Log a formal stage 1 complaint (from a conversation, whose case it takes, or by hand)."""
    if conversation_id is not None:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            raise ComplaintError(f"no conversation {conversation_id}")
        case_id = case_id if case_id is not None else conversation.case_id
    complaint = Complaint(
        case_id=case_id, conversation_id=conversation_id, stage="stage1", status="open",
        summary=summary, handler_user_id=handler_user_id, stage1_opened_on=opened_on,
        about_appealable_decision=about_appealable_decision,
    )
    session.add(complaint)
    session.flush()
    return _changed(session, complaint, "opened", now, actor_user_id,
                    {"opened_on": opened_on.isoformat(), "appealable": about_appealable_decision})


def acknowledge_complaint(session: Session, complaint_id: int, on: date, *, now: datetime,
                          actor_user_id: int | None = None) -> Complaint:
    """Record the stage 1 acknowledgement (stops the 5-working-day clock)."""
    complaint = _get(session, complaint_id)
    if on < complaint.stage1_opened_on:
        raise ComplaintError("the acknowledgement cannot be before the complaint was opened")
    complaint.stage1_acknowledged_on = on
    return _changed(session, complaint, "acknowledged", now, actor_user_id, {"on": on.isoformat()})


def extend_stage1(session: Session, complaint_id: int, on: date, reason: str, *, now: datetime,
                  actor_user_id: int | None = None) -> Complaint:
    """Extend the stage 1 response by 10 working days, once, with a reason."""
    complaint = _get(session, complaint_id)
    if complaint.stage1_extended_on is not None:
        raise ComplaintError("stage 1 has already been extended once; it cannot be extended again")
    if complaint.stage1_responded_on is not None or complaint.stage != "stage1":
        raise ComplaintError("stage 1 has already been answered; there is nothing to extend")
    if not reason.strip():
        raise ComplaintError("an extension needs a reason to give the family")
    complaint.stage1_extended_on = on
    complaint.stage1_extension_reason = reason.strip()
    return _changed(session, complaint, "extended", now, actor_user_id, {"reason": reason.strip()})


def _check_outcome(outcome: str) -> None:
    if outcome not in COMPLAINT_OUTCOMES:
        raise ComplaintError(f"unknown outcome {outcome!r}; use one of {', '.join(COMPLAINT_OUTCOMES)}")


def respond_complaint(session: Session, complaint_id: int, on: date, outcome: str, letter: str, *,
                      now: datetime, actor_user_id: int | None = None) -> Complaint:
    """Record the current stage's response letter and outcome (or the Ombudsman's decision)."""
    complaint = _get(session, complaint_id)
    _check_outcome(outcome)
    if complaint.stage == "stage1":
        complaint.stage1_responded_on, complaint.stage1_letter, complaint.stage1_outcome = on, letter, outcome
        if complaint.stage1_acknowledged_on is None:
            complaint.stage1_acknowledged_on = on  # a full reply acknowledges too
    elif complaint.stage == "stage2":
        complaint.stage2_responded_on, complaint.stage2_letter, complaint.stage2_outcome = on, letter, outcome
    else:
        complaint.ombudsman_decided_on, complaint.ombudsman_outcome = on, outcome
    return _changed(session, complaint, "responded", now, actor_user_id,
                    {"on": on.isoformat(), "outcome": outcome})


def escalate_complaint(session: Session, complaint_id: int, on: date, *, now: datetime,
                       ombudsman_ref: str | None = None, actor_user_id: int | None = None) -> Complaint:
    """Move to the next stage: stage 1 -> stage 2 -> the Ombudsman (LGSCO); reopens if closed."""
    complaint = _get(session, complaint_id)
    next_stage = NEXT_STAGE.get(complaint.stage)
    if next_stage is None:
        raise ComplaintError("the complaint is already with the Ombudsman; there is no further stage")
    if complaint.status == "closed" and complaint.outcome == "withdrawn":
        raise ComplaintError("a withdrawn complaint cannot be escalated; open a new one")
    complaint.stage, complaint.status, complaint.closed_on = next_stage, "open", None
    if next_stage == "stage2":
        complaint.stage2_opened_on = on
    else:
        complaint.ombudsman_referred_on, complaint.ombudsman_ref = on, ombudsman_ref
    return _changed(session, complaint, "escalated", now, actor_user_id, {"to": next_stage, "on": on.isoformat()})


def record_remedies(
    session: Session, complaint_id: int, *, now: datetime, apology: bool = False,
    payment_pence: int | None = None, service_improvement: str | None = None,
    lessons_learned: str | None = None, actor_user_id: int | None = None,
) -> Complaint:
    """Record remedies (apology, payment in pence, service improvement) and lessons learned."""
    complaint = _get(session, complaint_id)
    if payment_pence is not None and payment_pence < 0:
        raise ComplaintError("a payment cannot be negative")
    complaint.remedy_apology = apology
    complaint.remedy_payment_pence = payment_pence or None
    complaint.remedy_service_improvement = (service_improvement or "").strip() or None
    complaint.lessons_learned = (lessons_learned or "").strip() or None
    return _changed(session, complaint, "remedies", now, actor_user_id,
                    {"apology": apology, "payment_pence": payment_pence})


def close_complaint(session: Session, complaint_id: int, on: date, *, now: datetime,
                    withdrawn: bool = False, actor_user_id: int | None = None) -> Complaint:
    """Close the complaint (withdrawn records that outcome at the current stage)."""
    complaint = _get(session, complaint_id)
    if withdrawn:
        if complaint.stage == "stage1":
            complaint.stage1_outcome = "withdrawn"
        elif complaint.stage == "stage2":
            complaint.stage2_outcome = "withdrawn"
        else:
            complaint.ombudsman_outcome = "withdrawn"
    elif complaint.outcome is None:
        raise ComplaintError("record the response and outcome before closing, or close it as withdrawn")
    complaint.status, complaint.closed_on = "closed", on
    return _changed(session, complaint, "closed", now, actor_user_id,
                    {"on": on.isoformat(), "outcome": complaint.outcome})


@dataclass(frozen=True)
class OpenComplaint:
    complaint: Complaint
    next_clock: Clock | None  # the earliest clock still running (or breached and unanswered)


def list_open_complaints(session: Session) -> list[OpenComplaint]:
    """Open complaints with their next deadline, soonest first (those with none last)."""
    complaints = session.scalars(select(Complaint).where(Complaint.status == "open").order_by(Complaint.id)).all()
    clocks = session.scalars(select(Clock).where(Clock.complaint_id.in_([c.id for c in complaints]))).all()
    nexts = next_clocks(clocks, "complaint_id")
    rows = [OpenComplaint(c, nexts.get(c.id)) for c in complaints]
    return sorted(rows, key=lambda r: (r.next_clock is None, r.next_clock.due_at.timestamp() if r.next_clock else 0))
