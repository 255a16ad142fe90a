"""The processing job on real mail, with the shipped model: threading, clocks, auto-replies."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from triage.db import session_scope
from triage.jobs.processing import process_message
from triage.models import Conversation, Message
from triage.runtime import Runtime
from triage.services.clocks import pause_service_clock, service_clock
from triage.services.intake import store_raw_email
from triage.services.assignment import set_assign_on_arrival
from triage.services.routing import ensure_default_teams_and_rules

THREAD_INDEX = "AQHZz3vPQ2VycmlkZW4tdGhyZWFkLWlk"  # 22+ bytes of Outlook's header, base64


def mail(message_id: str, subject: str, body: str, extra: str = "", date: str = "Mon, 02 Nov 2026 09:00:00 +0000") -> bytes:
    return (f"From: Dana Whitfield <dana@example.org>\r\nTo: send@council.example\r\nSubject: {subject}\r\n"
            f"Message-ID: <{message_id}>\r\nDate: {date}\r\n{extra}\r\n{body}\r\n").encode()


def ingest(runtime: Runtime, raw: bytes) -> int:
    with session_scope(runtime.sessions) as s:
        message, _ = store_raw_email(s, raw, source="test", received_at=datetime(2026, 11, 2, 9, tzinfo=UTC))
        message_id = message.id
    process_message(message_id)
    return message_id


@pytest.mark.slow
def test_family_reply_resumes_the_clock_and_auto_replies_never_reopen(runtime: Runtime, session: Session) -> None:
    with session_scope(runtime.sessions) as s:
        ensure_default_teams_and_rules(s)
    first = ingest(runtime, mail("a@example.org", "Where is the draft plan?",
                                 "We are at week 18 and still have no draft EHC plan. When will it come?",
                                 extra=f"Thread-Index: {THREAD_INDEX}\r\n"))
    conv_id = session.get(Message, first).conversation_id
    with session_scope(runtime.sessions) as s:
        pause_service_clock(s, conv_id, datetime(2026, 11, 3, 9, tzinfo=UTC))
        s.get(Conversation, conv_id).status = "awaiting_family"

    auto = ingest(runtime, mail("b@example.org", "Automatic reply: Where is the draft plan?", "I am away until Monday.",
                                extra="In-Reply-To: <a@example.org>\r\nAuto-Submitted: auto-replied\r\n"))
    session.expire_all()
    assert session.get(Message, auto).status == "auto_reply"
    assert session.get(Message, auto).conversation_id == conv_id
    assert session.get(Conversation, conv_id).status == "awaiting_family"

    # Outlook's reply carries no In-Reply-To here, only the Thread-Index with a child block.
    reply = ingest(runtime, mail("c@example.org", "RE: Where is the draft plan?", "Here are the reports you asked for.",
                                 extra=f"Thread-Index: {THREAD_INDEX}AAAAAAA=\r\n"))
    session.expire_all()
    assert session.get(Message, reply).conversation_id == conv_id
    conversation = session.get(Conversation, conv_id)
    assert conversation.status == "open"
    clock = service_clock(session, conv_id)
    assert clock is not None and all(span.get("to") for span in clock.paused_spans)


@pytest.mark.slow
def test_teams_that_assign_on_arrival_get_new_conversations_handed_out(runtime: Runtime, session: Session, make_user) -> None:
    with session_scope(runtime.sessions) as s:
        teams = ensure_default_teams_and_rules(s)
        for team in teams:
            set_assign_on_arrival(s, team.id, True)
    agent = make_user("desk@council.example", teams=tuple(t.name for t in teams))
    session.commit()
    first = ingest(runtime, mail("d@example.org", "Transport", "The taxi to school has not come for three days."))
    session.expire_all()
    conversation = session.get(Message, first).conversation
    assert conversation.assignee_id == agent.id and conversation.status == "open"
