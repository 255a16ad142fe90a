"""Clocks (service, complaint, statutory and Tribunal deadlines) and the case milestones they run from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from triage.db import Base, JSONType, UTCDateTime, utcnow

# excepted: a reg 10(4) exception applies, so the time limit is not counted as breached.
CLOCK_STATES = ("running", "paused", "met", "breached", "cannot_start", "excepted")
# Reg 10(4) of the SEND Regulations 2014: when the assessment time limits do not apply.
EXCEPTIONS = ("setting_closed", "exceptional_circumstances", "family_away")
MILESTONE_KINDS = (
    "assessment_decision",  # detail: "assess" or "refuse"
    "not_to_issue",  # the council decided not to issue a plan
    "final_plan_issued",
    "review_meeting",
    "review_decision",  # detail: "maintain", "amend" or "cease"
    "amendment_proposals",
    "amended_plan_issued",
    "phase_transfer",  # on: the day of the move; detail: "school", "post16" or "post16_other"
    "phase_transfer_amended",  # the plan amended to name the next setting
)


class Clock(Base):
    """One deadline owed to a family: when it started, when it is due, and whether it was met."""

    __tablename__ = "clocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"), index=True)
    appeal_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("appeal_orders.id", ondelete="CASCADE"), index=True
    )
    # The period in the kind's unit (working days or weeks); None for fixed-date clocks.
    amount: Mapped[int | None] = mapped_column(Integer)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Due before any pause; due_on/due_at include pauses. due_at is the first late instant.
    base_due_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # [{"from": iso, "to": iso or null, "reason": str}]; reassign the list to save a change.
    paused_spans: Mapped[list[dict]] = mapped_column(JSONType, default=list)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(20), default="running", index=True)
    reason: Mapped[str | None] = mapped_column(Text)  # why a clock cannot start
    exception: Mapped[str | None] = mapped_column(String(40))
    exception_reason: Mapped[str | None] = mapped_column(Text)
    due_soon_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    conversation = relationship("Conversation")
    case = relationship("Case")
    complaint = relationship("Complaint", back_populates="clocks")
    appeal = relationship("Appeal", back_populates="clocks")
    appeal_order = relationship("AppealOrder")


Index("ix_clocks_open", Clock.state, Clock.due_at)


class CaseMilestone(Base):
    """A dated event on a case that starts or stops a statutory clock (a review meeting, a plan)."""

    __tablename__ = "case_milestones"
    __table_args__ = (UniqueConstraint("case_id", "kind", "on", name="uq_case_milestones_case_kind_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    on: Mapped[date] = mapped_column(Date)
    detail: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case")
