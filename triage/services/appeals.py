"""Tribunal appeal use-cases: create (by hand or from correspondence), dates, orders, outcome. Flush only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.models import Appeal, AppealOrder, Clock
from triage.models.appeal import APPEAL_OUTCOMES, APPEAL_TYPES
from triage.services.audit import record
from triage.services.clocks import appeal_clocks, next_clocks
from triage.tracking.appeals import ORDER_CLOCKS, order_due_on, tribunal_response_due_on
from triage.tracking.tribunal_refs import extract_tribunal_refs, normalise_tribunal_ref

EDITABLE_DATES = ("decision_letter_on", "mediation_certificate_on", "registered_on", "response_sent_on",
                  "hearing_on")


class AppealError(ValueError):
    """An appeal change that cannot be made; the message says why."""


def _get(session: Session, appeal_id: int) -> Appeal:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise AppealError(f"no appeal {appeal_id}")
    return appeal


def _changed(session: Session, appeal: Appeal, action: str, now: datetime, actor_user_id: int | None,
             details: dict) -> Appeal:
    appeal.response_due_on = tribunal_response_due_on(appeal.registered_on) if appeal.registered_on else None
    if appeal.outcome is not None:
        outstanding = [o for o in appeal.orders if o.complied_on is None]
        appeal.status = "orders_outstanding" if outstanding else "closed"
    else:
        appeal.status = "open"
    session.flush()
    appeal_clocks(session, appeal, now)
    record(session, f"appeal.{action}", "appeal", appeal.id, actor_user_id=actor_user_id,
           details={"tribunal_ref": appeal.tribunal_ref, **details})
    session.flush()
    return appeal


def find_appeal(session: Session, tribunal_ref: str) -> Appeal | None:
    """The appeal with this Tribunal reference (any spacing or case), if recorded."""
    ref = normalise_tribunal_ref(tribunal_ref)
    return session.scalars(select(Appeal).where(Appeal.tribunal_ref == ref)).first() if ref else None


def create_appeal(
    session: Session, tribunal_ref: str, *, now: datetime, case_id: int | None = None,
    conversation_id: int | None = None, appeal_type: str | None = None,
    registered_on: date | None = None, decision_letter_on: date | None = None,
    mediation_certificate_on: date | None = None, hearing_on: date | None = None,
    actor_user_id: int | None = None,
) -> Appeal:
    """Record an appeal by hand; the reference must look like EH860/24/00312 and be new."""
    ref = normalise_tribunal_ref(tribunal_ref)
    if ref is None:
        raise AppealError(f"{tribunal_ref!r} is not a Tribunal reference; they look like EH860/24/00312")
    if find_appeal(session, ref) is not None:
        raise AppealError(f"appeal {ref} is already recorded")
    if appeal_type is not None and appeal_type not in APPEAL_TYPES:
        raise AppealError(f"unknown appeal type {appeal_type!r}; use one of {', '.join(APPEAL_TYPES)}")
    appeal = Appeal(
        tribunal_ref=ref, case_id=case_id, conversation_id=conversation_id, appeal_type=appeal_type,
        registered_on=registered_on, decision_letter_on=decision_letter_on,
        mediation_certificate_on=mediation_certificate_on, hearing_on=hearing_on,
    )
    session.add(appeal)
    session.flush()
    return _changed(session, appeal, "created", now, actor_user_id, {"type": appeal_type})


def appeals_from_text(
    session: Session, text: str, *, now: datetime, case_id: int | None = None,
    conversation_id: int | None = None, actor_user_id: int | None = None,
) -> list[Appeal]:
    """The appeals named in Tribunal correspondence, created when new (idempotent per reference)."""
    appeals = []
    for ref in extract_tribunal_refs(text):
        appeal = find_appeal(session, ref)
        if appeal is None:
            appeal = create_appeal(session, ref, now=now, case_id=case_id, conversation_id=conversation_id,
                                   actor_user_id=actor_user_id)
        elif appeal.case_id is None and case_id is not None:
            appeal.case_id = case_id
            _changed(session, appeal, "linked", now, actor_user_id, {"case_id": case_id})
        appeals.append(appeal)
    return appeals


def update_appeal(session: Session, appeal_id: int, *, now: datetime, actor_user_id: int | None = None,
                  appeal_type: str | None = None, notes: str | None = None,
                  **dates: date | None) -> Appeal:
    """Set the appeal's type, notes or dates (decision letter, certificate, registered, response, hearing)."""
    appeal = _get(session, appeal_id)
    unknown = set(dates) - set(EDITABLE_DATES)
    if unknown:
        raise AppealError(f"cannot set {', '.join(sorted(unknown))}; dates are {', '.join(EDITABLE_DATES)}")
    if appeal_type is not None:
        if appeal_type not in APPEAL_TYPES:
            raise AppealError(f"unknown appeal type {appeal_type!r}; use one of {', '.join(APPEAL_TYPES)}")
        appeal.appeal_type = appeal_type
    if notes is not None:
        appeal.notes = notes
    for name, value in dates.items():
        setattr(appeal, name, value)
    details = {name: value.isoformat() if value else None for name, value in dates.items()}
    return _changed(session, appeal, "updated", now, actor_user_id, {"type": appeal_type, **details})


def record_appeal_outcome(session: Session, appeal_id: int, outcome: str, on: date, *, now: datetime,
                          actor_user_id: int | None = None) -> Appeal:
    """Record the Tribunal's decision (or a concession, withdrawal, consent order, strike-out)."""
    appeal = _get(session, appeal_id)
    if outcome not in APPEAL_OUTCOMES:
        raise AppealError(f"unknown outcome {outcome!r}; use one of {', '.join(APPEAL_OUTCOMES)}")
    appeal.outcome, appeal.outcome_on = outcome, on
    return _changed(session, appeal, "decided", now, actor_user_id, {"outcome": outcome, "on": on.isoformat()})


def add_order(session: Session, appeal_id: int, item: str, ordered_on: date, *, now: datetime,
              due_on: date | None = None, note: str | None = None,
              actor_user_id: int | None = None) -> AppealOrder:
    """Record a Tribunal order; its due day follows reg 44 unless the order states another."""
    appeal = _get(session, appeal_id)
    if item not in ORDER_CLOCKS:
        raise AppealError(f"unknown order item {item!r}; use one of {', '.join(ORDER_CLOCKS)}")
    order = AppealOrder(item=item, ordered_on=ordered_on, due_on=due_on or order_due_on(item, ordered_on),
                        note=note)
    appeal.orders.append(order)
    session.flush()
    _changed(session, appeal, "order_added", now, actor_user_id,
             {"item": item, "due_on": order.due_on.isoformat()})
    return order


def comply_order(session: Session, order_id: int, on: date, *, now: datetime,
                 actor_user_id: int | None = None) -> AppealOrder:
    """Record that the council complied with an order (stops its clock: met or breached)."""
    order = session.get(AppealOrder, order_id)
    if order is None:
        raise AppealError(f"no order {order_id}")
    order.complied_on = on
    _changed(session, order.appeal, "order_complied", now, actor_user_id,
             {"item": order.item, "on": on.isoformat()})
    return order


@dataclass(frozen=True)
class OpenAppeal:
    appeal: Appeal
    next_clock: Clock | None


def list_open_appeals(session: Session) -> list[OpenAppeal]:
    """Appeals not closed (undecided, or decided with orders outstanding), next deadline first."""
    appeals = session.scalars(select(Appeal).where(Appeal.status != "closed").order_by(Appeal.id)).all()
    clocks = session.scalars(select(Clock).where(Clock.appeal_id.in_([a.id for a in appeals]))).all()
    nexts = next_clocks(clocks, "appeal_id")
    rows = [OpenAppeal(a, nexts.get(a.id)) for a in appeals]
    return sorted(rows, key=lambda r: (r.next_clock is None, r.next_clock.due_at.timestamp() if r.next_clock else 0))
