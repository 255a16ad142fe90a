"""Acknowledgements through a real SMTP server: sent once per contact, capped per address."""

import dataclasses
from datetime import UTC, datetime
from email import message_from_bytes

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.db import session_scope
from triage.jobs.acknowledgements import send_acknowledgement
from triage.jobs.processing import process_message
from triage.models import Conversation, Message
from triage.runtime import Runtime, use_runtime
from triage.services.intake import store_raw_email
from triage.services.routing import ensure_default_teams_and_rules


def mail(n: int, extra: str = "") -> bytes:
    return (f"From: Dana Whitfield <dana@example.org>\r\nTo: send@council.example\r\nSubject: Question {n}\r\n"
            f"Message-ID: <q{n}@example.org>\r\n{extra}\r\nWhen will the assessment decision be made? ({n})\r\n").encode()


@pytest.mark.slow
def test_new_contacts_are_acknowledged_within_the_cap(runtime: Runtime, session: Session, smtp_capture) -> None:
    host, port, capture = smtp_capture
    settings = dataclasses.replace(runtime.settings, smtp_host=host, smtp_port=port, acknowledge=True,
                                   acknowledge_cap_per_day=2)
    use_runtime(dataclasses.replace(runtime, settings=settings))
    with session_scope(runtime.sessions) as s:
        ensure_default_teams_and_rules(s)
    ids = []
    for n, extra in enumerate(["", "", "", "Auto-Submitted: auto-replied\r\n"]):
        with session_scope(runtime.sessions) as s:
            message, _ = store_raw_email(s, mail(n, extra), source="t", received_at=datetime(2026, 11, 2, tzinfo=UTC))
            ids.append(message.id)
        process_message(message.id)

    # Processing acknowledged the first two new contacts itself; the cap held back the third.
    assert send_acknowledgement(ids[0]) == "already acknowledged"
    assert "cap 2" in send_acknowledgement(ids[2])
    assert "automatic" in send_acknowledgement(ids[3])

    assert len(capture.envelopes) == 2
    sent = message_from_bytes(capture.envelopes[0].content)
    conversation = session.get(Conversation, session.get(Message, ids[0]).conversation_id)
    assert sent["Auto-Submitted"] == "auto-replied" and conversation.token in sent["Subject"]
    assert sent["In-Reply-To"] == "<q0@example.org>"
    stored = session.scalars(select(Message).where(Message.direction == "outbound")).all()
    assert len(stored) == 2 and all(m.conversation_id is not None for m in stored)
