"""A small known dataset for the insight tests: two teams, four contacts, clocks, complaints, an appeal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from triage.models import (
    Appeal,
    AppealOrder,
    Case,
    Classification,
    Clock,
    Complaint,
    Conversation,
    Message,
    Team,
)

NOW = datetime(2025, 1, 20, 12, 0, tzinfo=UTC)
START, END = date(2025, 1, 6), date(2025, 1, 19)


@dataclass
class Dataset:
    team_a: Team
    team_b: Team
    case1: Case
    case2: Case
    conversations: dict[str, Conversation]


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 1, day, hour, 0, tzinfo=UTC)


def add_message(session: Session, conv: Conversation, n: int, when: datetime, topics: list[str], kind: str,
                *, channel: str = "email", urgent: bool = False, status: str = "processed",
                direction: str = "inbound", text: str = "Text") -> Message:
    message = Message(content_hash=f"insight{n:057d}", raw=b"x", size=1, channel=channel, received_at=when,
                      stored_at=when, processed_at=when, status=status, direction=direction,
                      conversation_id=conv.id, text=text, sender_email=f"p{n}@example.org")
    if direction == "inbound" and status == "processed":
        message.classifications.append(Classification(model_version="t", topics=topics, kind=kind, urgent=urgent,
                                                          created_at=when))
    session.add(message)
    session.flush()
    return message


def build(session: Session) -> Dataset:
    team_a, team_b = Team(name="Insight A"), Team(name="Insight B")
    case1 = Case(case_ref="SEN700001", child_first_name="Ada", child_last_name="Kerr", first_name_key="ada",
                 last_name_key="kerr")
    case2 = Case(case_ref="SEN700002", child_first_name="Ben", child_last_name="Kerr", first_name_key="ben",
                 last_name_key="kerr")
    session.add_all([team_a, team_b, case1, case2])
    session.flush()
    convs = {}
    for token, team, case, day in (("X1", team_a, case1, 6), ("X2", team_b, case2, 8), ("X3", team_a, case1, 13)):
        convs[token] = Conversation(token=f"TRG-INS{token}", team_id=team.id, case_id=case.id, status="open",
                                    created_at=at(day), last_activity_at=at(day))
        session.add(convs[token])
    session.flush()
    add_message(session, convs["X1"], 1, at(6), ["timeliness", "communication"], "enquiry")
    add_message(session, convs["X1"], 2, at(7), ["timeliness"], "complaint")
    add_message(session, convs["X2"], 3, at(8), ["school_place"], "enquiry", channel="form", urgent=True)
    add_message(session, convs["X3"], 4, at(13), ["timeliness"], "enquiry")
    add_message(session, convs["X3"], 5, at(14), [], "other", status="auto_reply")
    add_message(session, convs["X1"], 6, at(9), [], "", status="outbound", direction="outbound")
    clocks = [
        Clock(kind="service_first_reply", conversation_id=convs["X1"].id, due_on=date(2025, 1, 10), due_at=at(10, 17), state="met"),
        Clock(kind="service_first_reply", conversation_id=convs["X2"].id, due_on=date(2025, 1, 10), due_at=at(10, 17), state="breached"),
        Clock(kind="service_first_reply", conversation_id=convs["X3"].id, due_on=date(2025, 1, 17), due_at=at(17, 17), state="running"),
        Clock(kind="final_plan", case_id=case1.id, due_on=date(2025, 1, 15), due_at=at(16, 0), state="met"),
        Clock(kind="assessment_decision", case_id=case1.id, due_on=date(2025, 1, 16), due_at=at(17, 0), state="breached"),
    ]
    session.add_all(clocks)
    session.add_all([
        Complaint(conversation_id=convs["X1"].id, case_id=case1.id, stage="stage2", stage1_opened_on=date(2025, 1, 7),
                  stage1_responded_on=date(2025, 1, 14), stage1_outcome="not_upheld", stage2_opened_on=date(2025, 1, 15),
                  stage2_responded_on=date(2025, 1, 17), stage2_outcome="upheld", remedy_payment_pence=25000,
                  remedy_apology=True),
        Complaint(conversation_id=convs["X2"].id, case_id=case2.id, stage="ombudsman", stage1_opened_on=date(2025, 1, 8),
                  ombudsman_referred_on=date(2025, 1, 10), ombudsman_decided_on=date(2025, 1, 17),
                  ombudsman_outcome="upheld"),
    ])
    appeal = Appeal(tribunal_ref="EH860/25/00001", conversation_id=convs["X2"].id, case_id=case2.id,
                    appeal_type="contents_i", registered_on=date(2025, 1, 9), outcome="allowed_part",
                    outcome_on=date(2025, 1, 16))
    appeal.orders.append(AppealOrder(item="amend_i", ordered_on=date(2025, 1, 1), due_on=date(2025, 1, 14),
                                     complied_on=date(2025, 1, 13)))
    appeal.orders.append(AppealOrder(item="amend_bf", ordered_on=date(2025, 1, 1), due_on=date(2025, 1, 17)))
    session.add(appeal)
    session.flush()
    return Dataset(team_a, team_b, case1, case2, convs)
