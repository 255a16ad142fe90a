"""A case's clocks, complaints and appeals, for the case page and the conversation's case panel."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from triage.models import Appeal, Clock, Complaint
from triage.services.clocks import clocks_for_case
from web.database import db


@dataclass(frozen=True)
class CaseRecords:
    clocks: list[Clock] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)


def complaint_for(conversation_id: int) -> Complaint | None:
    """The formal complaint logged from this conversation, if any."""
    return db().scalars(select(Complaint).where(Complaint.conversation_id == conversation_id).order_by(Complaint.id)).first()


def case_records(case_id: int | None) -> CaseRecords:
    """Every clock, complaint and appeal of the case (the panel calls this from its template)."""
    if case_id is None:
        return CaseRecords()
    session = db()
    return CaseRecords(
        clocks=clocks_for_case(session, case_id),
        complaints=list(session.scalars(select(Complaint).where(Complaint.case_id == case_id).order_by(Complaint.id))),
        appeals=list(session.scalars(select(Appeal).where(Appeal.case_id == case_id).order_by(Appeal.id))),
    )
