"""Appeals to the First-tier Tribunal (SEND) and the orders the Tribunal makes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from triage.db import Base, UTCDateTime, utcnow

APPEAL_TYPES = (
    "refusal_to_assess",
    "refusal_to_issue",
    "contents_b",
    "contents_f",
    "contents_i",
    "refusal_to_amend",
    "cease_to_maintain",
)
APPEAL_OUTCOMES = (
    "allowed_whole",
    "allowed_part",
    "dismissed",
    "conceded",
    "withdrawn",
    "consent_order",
    "struck_out",
)
ORDER_ITEMS = ("amend_bf", "amend_i", "make_plan_draft", "make_plan_final")


class Appeal(Base):
    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    tribunal_ref: Mapped[str] = mapped_column(String(20), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    appeal_type: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    decision_letter_on: Mapped[date | None] = mapped_column(Date)
    mediation_certificate_on: Mapped[date | None] = mapped_column(Date)
    # The day the Tribunal sent the appeal papers: the council's response clock starts here.
    registered_on: Mapped[date | None] = mapped_column(Date)
    response_due_on: Mapped[date | None] = mapped_column(Date)
    response_sent_on: Mapped[date | None] = mapped_column(Date)
    hearing_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case")
    conversation = relationship("Conversation")
    orders: Mapped[list[AppealOrder]] = relationship(
        back_populates="appeal", cascade="all, delete-orphan", order_by="AppealOrder.id"
    )
    clocks = relationship("Clock", back_populates="appeal", order_by="Clock.id")


class AppealOrder(Base):
    """One thing the Tribunal ordered the council to do, by when, and when it was done."""

    __tablename__ = "appeal_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"), index=True)
    item: Mapped[str] = mapped_column(String(30))
    ordered_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    complied_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    appeal: Mapped[Appeal] = relationship(back_populates="orders")
