"""Escalating clocks: re-read open clocks, flag due-soon and breached ones once, and say whom to tell."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from triage.clocks.kinds import get_kind
from triage.models import Clock, Conversation, Team
from triage.models.conversation import PRIORITY_HIGH
from triage.services.audit import record
from triage.services.clocks import refresh


@dataclass(frozen=True)
class ClockAlert:
    clock_id: int
    kind: str
    label: str
    event: str  # "due_soon" or "breached"
    due_on: date | None
    about: str  # what the clock is about, for people: "conversation TRG-7K2M9Q", "case SEN104217"
    team_name: str | None
    recipients: tuple[str, ...]


@dataclass
class CheckReport:
    evaluated: int = 0
    alerts: list[ClockAlert] = field(default_factory=list)

    @property
    def breached(self) -> list[ClockAlert]:
        return [a for a in self.alerts if a.event == "breached"]

    @property
    def due_soon(self) -> list[ClockAlert]:
        return [a for a in self.alerts if a.event == "due_soon"]


def _about(clock: Clock) -> str:
    if clock.conversation is not None:
        return f"conversation {clock.conversation.token}"
    if clock.complaint is not None:
        return f"complaint {clock.complaint.id}"
    if clock.appeal is not None:
        return f"appeal {clock.appeal.tribunal_ref}"
    return f"case {clock.case.case_ref}" if clock.case is not None else f"clock {clock.id}"


def _conversation_for(session: Session, clock: Clock) -> Conversation | None:
    """The conversation whose queue shows this clock: its own, its record's, else the case's latest open one."""
    for holder in (clock, clock.complaint, clock.appeal):
        if holder is not None and holder.conversation is not None:
            return holder.conversation
    case_id = clock.case_id or (clock.complaint.case_id if clock.complaint else None) or (
        clock.appeal.case_id if clock.appeal else None)
    if case_id is None:
        return None
    return session.scalars(
        select(Conversation)
        .where(Conversation.case_id == case_id, Conversation.status != "resolved")
        .order_by(Conversation.last_activity_at.desc(), Conversation.id.desc())
    ).first()


def _recipients(team: Team | None) -> tuple[str, ...]:
    if team is None:
        return ()
    leads = [u.email for u in team.members if u.role == "team_lead" and u.active]
    return tuple(dict.fromkeys([*leads, *([team.email] if team.email else [])]))


def _escalate(session: Session, clock: Clock, event: str) -> ClockAlert:
    conversation = _conversation_for(session, clock)
    if conversation is not None and conversation.priority > PRIORITY_HIGH:
        conversation.priority = PRIORITY_HIGH
    team = conversation.team if conversation is not None else None
    record(session, f"clock.{event}", "clock", clock.id,
           details={"kind": clock.kind, "due_on": clock.due_on.isoformat() if clock.due_on else None})
    return ClockAlert(clock.id, clock.kind, get_kind(clock.kind).label, event, clock.due_on,
                      _about(clock), team.name if team else None, _recipients(team))


def check_clocks(session: Session, now: datetime) -> CheckReport:
    """Re-read every open clock at now; flag due-soon and breached ones once (idempotent)."""
    report = CheckReport()
    clocks = session.scalars(
        select(Clock).where(or_(
            Clock.state.in_(("running", "paused")),
            and_(Clock.state == "breached", Clock.escalated_at.is_(None), Clock.stopped_at.is_(None)),
        )).order_by(Clock.due_at, Clock.id)
    ).all()
    for clock in clocks:
        reading = refresh(clock, now)
        report.evaluated += 1
        if reading.state == "breached" and clock.escalated_at is None and clock.stopped_at is None:
            clock.escalated_at = now
            report.alerts.append(_escalate(session, clock, "breached"))
        elif reading.state == "running" and reading.due_soon and clock.due_soon_at is None:
            clock.due_soon_at = now
            report.alerts.append(_escalate(session, clock, "due_soon"))
    session.flush()
    return report
