"""Embedded mode: messages stored but not processed before a restart are picked up again."""

import pytest
from sqlalchemy.orm import Session

from triage.db import session_scope
from triage.intake.forms import validate_submission
from triage.jobs.recovery import enqueue_pending
from triage.models import Message
from triage.runtime import Runtime
from triage.services.intake import store_submission
from triage.services.routing import ensure_default_teams_and_rules


@pytest.mark.slow
def test_pending_messages_are_processed_after_a_restart(runtime: Runtime, session: Session) -> None:
    with session_scope(runtime.sessions) as s:
        ensure_default_teams_and_rules(s)
        submission = validate_submission({
            "sender_name": "Dana Whitfield", "sender_email": "dana@example.org",
            "body": "We asked for an EHC needs assessment in June and have heard nothing since."})
        message, _ = store_submission(s, submission, source="test")
        message_id = message.id
    # The process that stored it stopped before its job thread ran: the message is still "received".
    assert session.get(Message, message_id).status == "received"

    assert enqueue_pending(runtime, None, wait=True) == 1
    session.expire_all()
    processed = session.get(Message, message_id)
    assert processed.status == "processed" and processed.conversation.team_id is not None
    assert enqueue_pending(runtime, None, wait=True) == 0
