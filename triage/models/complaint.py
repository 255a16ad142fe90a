"""Formal complaints: stage 1, stage 2, then the Local Government and Social Care Ombudsman."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from triage.db import Base, UTCDateTime, utcnow

COMPLAINT_STAGES = ("stage1", "stage2", "ombudsman")
COMPLAINT_STATUSES = ("open", "closed")
COMPLAINT_OUTCOMES = ("upheld", "partly_upheld", "not_upheld", "withdrawn")


class Complaint(Base):
    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20), default="stage1")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    handler_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # A complaint about a decision the family can appeal goes to mediation/Tribunal instead.
    about_appealable_decision: Mapped[bool] = mapped_column(Boolean, default=False)

    stage1_opened_on: Mapped[date] = mapped_column(Date)
    stage1_acknowledged_on: Mapped[date | None] = mapped_column(Date)
    stage1_extended_on: Mapped[date | None] = mapped_column(Date)
    stage1_extension_reason: Mapped[str | None] = mapped_column(Text)
    stage1_responded_on: Mapped[date | None] = mapped_column(Date)
    stage1_letter: Mapped[str | None] = mapped_column(Text)
    stage1_outcome: Mapped[str | None] = mapped_column(String(20))

    stage2_opened_on: Mapped[date | None] = mapped_column(Date)
    stage2_responded_on: Mapped[date | None] = mapped_column(Date)
    stage2_letter: Mapped[str | None] = mapped_column(Text)
    stage2_outcome: Mapped[str | None] = mapped_column(String(20))

    ombudsman_referred_on: Mapped[date | None] = mapped_column(Date)
    ombudsman_ref: Mapped[str | None] = mapped_column(String(40))
    ombudsman_decided_on: Mapped[date | None] = mapped_column(Date)
    ombudsman_outcome: Mapped[str | None] = mapped_column(String(20))

    remedy_apology: Mapped[bool] = mapped_column(Boolean, default=False)
    remedy_payment_pence: Mapped[int | None] = mapped_column(Integer)
    remedy_service_improvement: Mapped[str | None] = mapped_column(Text)
    lessons_learned: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case")
    conversation = relationship("Conversation")
    handler = relationship("User")
    clocks = relationship("Clock", back_populates="complaint", order_by="Clock.id")

    @property
    def outcome(self) -> str | None:
        """The latest outcome: the Ombudsman's, else stage 2's, else stage 1's."""
        return self.ombudsman_outcome or self.stage2_outcome or self.stage1_outcome
