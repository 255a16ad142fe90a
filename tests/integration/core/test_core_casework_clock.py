"""Setting a conversation to 'awaiting family' pauses its first-reply clock; moving on resumes it."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from triage.db import utcnow
from triage.models import Conversation
from triage.services.casework import set_status, version_of
from triage.services.clocks import clocks_for_case, service_clock, start_service_clock
from triage.services.queue import Viewer


def test_awaiting_family_pauses_and_reopening_resumes_the_clock(session: Session, make_user) -> None:
    agent = make_user(teams=("Assessment",))
    conversation = Conversation(token="TRG-CLKTST", subject="Plan", team_id=agent.teams[0].id, status="open")
    session.add(conversation)
    session.flush()
    start_service_clock(session, conversation.id, utcnow())
    viewer = Viewer(user_id=agent.id, role="agent", team_ids=frozenset(agent.team_ids))

    set_status(session, viewer, conversation, "awaiting_family", version=version_of(conversation))
    clock = service_clock(session, conversation.id)
    assert clock.state == "paused" and clock.paused_spans[-1]["to"] is None

    set_status(session, viewer, conversation, "open", version=version_of(conversation))
    resumed = service_clock(session, conversation.id)
    assert resumed.state == "running" and resumed.paused_spans[-1]["to"] is not None


def test_the_case_panel_reads_clocks_as_of_now_not_as_of_the_last_check(session: Session, make_case) -> None:
    case = make_case("Ada", "Quill")
    conversation = Conversation(token="TRG-CLKOLD", subject="Plan", status="open", case_id=case.id, link_status="linked")
    session.add(conversation)
    session.flush()
    clock = start_service_clock(session, conversation.id, datetime(2026, 1, 5, 9, tzinfo=UTC))
    assert clock.state == "running"  # as stored when it started, long ago
    [read] = clocks_for_case(session, case.id, now=datetime(2026, 2, 2, 9, tzinfo=UTC))
    assert read.id == clock.id and read.state == "breached" and read.escalated_at is None  # escalation is the check's job
