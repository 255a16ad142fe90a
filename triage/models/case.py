"""Case records from the council's SEND register, and the people connected to each case."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from triage.db import Base, UTCDateTime, utcnow


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_ref: Mapped[str] = mapped_column(String(32), unique=True)
    child_first_name: Mapped[str] = mapped_column(String(120))
    child_last_name: Mapped[str] = mapped_column(String(120))
    # Normalised names (lower case, accents and punctuation removed) for indexed blocking.
    first_name_key: Mapped[str] = mapped_column(String(120), index=True)
    last_name_key: Mapped[str] = mapped_column(String(120), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date, index=True)
    school: Mapped[str | None] = mapped_column(String(200))
    year_group: Mapped[str | None] = mapped_column(String(20))
    case_officer: Mapped[str | None] = mapped_column(String(120))
    stage: Mapped[str | None] = mapped_column(String(60))
    request_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[CaseContact]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseContact.id"
    )

    @property
    def child_name(self) -> str:
        return f"{self.child_first_name} {self.child_last_name}".strip()


class CaseContact(Base):
    """A parent, carer or professional connected to a case; a person may belong to several cases."""

    __tablename__ = "case_contacts"
    __table_args__ = (UniqueConstraint("case_id", "email", "name", name="uq_case_contacts_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    relationship_to_child: Mapped[str] = mapped_column(String(40), default="parent")
    # parent, carer, social_worker, senco, school, professional, advocate, solicitor
    notes: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="contacts")


Index("ix_cases_name_dob", Case.last_name_key, Case.first_name_key, Case.date_of_birth)
