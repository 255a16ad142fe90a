"""A logged phone call goes through the same pipeline as mail: linked by its case reference, routed, clocked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from triage.models import Conversation, Message
from triage.nlp.pipeline import Analysis
from triage.runtime import Runtime
from triage.services.clocks import service_clock
from triage.services.conversations import thread_message
from triage.services.intake import store_submission
from triage.services.phone import record_call, phone_submission
from triage.services.processing import process_message
from triage.services.routing import ensure_default_teams_and_rules

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def _analyse(subject: str, body: str, schools: Sequence[str]) -> Analysis:
    return Analysis(topics=["timeliness"], topic_scores={"timeliness": 0.9}, kind="enquiry", kind_scores={"enquiry": 0.8},
                    urgent=False, urgent_reasons=[], language="en", entities=[], explanations={}, needs_review=False,
                    model_version="stub-1")


def test_a_phone_contact_is_linked_routed_and_clocked(runtime: Runtime, session: Session, make_case, make_user) -> None:
    ensure_default_teams_and_rules(session)
    agent = make_user("agent@council.example", teams=("Contact Centre",))
    case = make_case("Amara", "Okafor", case_ref="SEN104217")
    submission = phone_submission({"caller_name": "Dana Okafor", "caller_phone": "0116 496 0123", "child_name": "Amara Okafor",
                                   "said": "Chasing the final plan for SEN104217.", "outcome": "follow_up"}, now=NOW)
    message, created = store_submission(session, submission, source="phone:test")
    conversation = thread_message(session, message).conversation
    record_call(session, message, conversation, outcome="follow_up", actor_user_id=agent.id)
    assert created

    outcome = process_message(session, message.id, analyse=_analyse, settings=runtime.settings)

    assert outcome.status == "processed"
    session.refresh(conversation)
    stored = session.get(Message, message.id)
    assert stored.channel == "phone" and stored.sender_email is None
    assert stored.form_fields["sender_phone"] == "0116 496 0123"
    assert (conversation.case_id, conversation.link_status) == (case.id, "linked")
    assert conversation.team_id is not None and conversation.topics == ["timeliness"]
    assert service_clock(session, conversation.id) is not None and conversation.due_at is not None
    assert session.get(Conversation, conversation.id).participants == []  # no address: nobody can thread in by mail
