"""Storing raw input first, threading safely, routing by stored rules: on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.models import Conversation, Message, RoutingRule, Team
from triage.routing.rules import RoutingFacts
from triage.services.conversations import thread_message
from triage.services.intake import MessageTooLarge, store_raw_email
from triage.services.routing import decide_route, ensure_default_teams_and_rules
from triage.services.users import authenticate, create_user, UserError

MAIL = (b"From: Dana Whitfield <dana@example.org>\r\nTo: send@council.example\r\nSubject: Assessment\r\n"
        b"Message-ID: <one@example.org>\r\n\r\nWhen will we hear about the assessment?\r\n")


def stored(session: Session, raw: bytes, sender: str, subject: str = "Subject", message_id: str | None = None) -> Message:
    message, _ = store_raw_email(session, raw, source="test")
    message.sender_email = sender
    message.subject = subject
    message.message_id = message_id
    return message


def test_the_same_bytes_are_stored_once(session: Session) -> None:
    first, created = store_raw_email(session, MAIL, source="a")
    again, created_again = store_raw_email(session, MAIL, source="b")
    assert created and not created_again
    assert first.id == again.id
    assert session.scalar(select(func.count(Message.id))) == 1
    assert first.raw == MAIL and first.size == len(MAIL) and first.status == "received"


def test_a_reused_message_id_with_other_content_is_another_message(session: Session) -> None:
    store_raw_email(session, MAIL, source="a")
    _, created = store_raw_email(session, MAIL.replace(b"When will", b"Why won't"), source="b")
    assert created
    assert session.scalar(select(func.count(Message.id))) == 2


def test_oversized_mail_is_refused_before_storing(session: Session) -> None:
    with pytest.raises(MessageTooLarge):
        store_raw_email(session, MAIL + b"x" * 5000, source="a", max_bytes=2048)
    assert session.scalar(select(func.count(Message.id))) == 0


def test_a_reply_from_a_participant_joins_its_conversation(session: Session) -> None:
    first = stored(session, MAIL, "dana@example.org", "Assessment", "one@example.org")
    conv = thread_message(session, first).conversation
    reply = stored(session, MAIL + b"more", "dana@example.org", "Re: Assessment", "two@example.org")
    decision = thread_message(session, reply, in_reply_to=["one@example.org"])
    assert decision.conversation.id == conv.id and decision.how == "in-reply-to"


def test_a_stranger_quoting_a_token_starts_a_new_related_conversation(session: Session) -> None:
    first = stored(session, MAIL, "dana@example.org", "Assessment")
    conv = thread_message(session, first).conversation
    stranger = stored(session, MAIL + b"stranger", "someone@example.net", f"Re: Assessment [{conv.token}]")
    decision = thread_message(session, stranger)
    assert decision.created
    assert decision.conversation.id != conv.id
    assert decision.conversation.related_conversation_id == conv.id
    assert "not a participant" in decision.how


def test_threading_is_idempotent_for_a_retried_job(session: Session) -> None:
    first = stored(session, MAIL, "dana@example.org")
    conv_id = thread_message(session, first).conversation.id
    assert thread_message(session, first).conversation.id == conv_id
    assert session.scalar(select(func.count(Conversation.id))) == 1


def test_default_routing_is_seeded_once_and_urgent_gets_top_priority(session: Session) -> None:
    ensure_default_teams_and_rules(session)
    ensure_default_teams_and_rules(session)
    assert session.scalar(select(func.count(Team.id))) == 6
    rules = session.scalar(select(func.count(RoutingRule.id)))
    assert rules == 9
    facts = RoutingFacts(frozenset({"school_place"}), "enquiry", True, "en", "none", "parent")
    team_id, priority, rule = decide_route(session, facts)
    assert session.get(Team, team_id).name == "Placements"
    assert priority == 1 and rule == "Children out of school"


def test_users_authenticate_with_argon2_hashes(session: Session) -> None:
    ensure_default_teams_and_rules(session)
    user = create_user(session, "Agent@Council.example", role="agent", password="a long password!", teams=["Complaints"])
    assert user.password_hash.startswith("$argon2")
    assert authenticate(session, "agent@council.example", "a long password!") is user
    assert authenticate(session, "agent@council.example", "wrong password!!") is None
    with pytest.raises(UserError, match="no team named"):
        create_user(session, "x@council.example", role="agent", password="a long password!", teams=["Nope"])
    with pytest.raises(UserError, match="at least 12"):
        create_user(session, "y@council.example", role="agent", password="short")


def test_datetimes_come_back_aware_utc(session: Session) -> None:
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    message, _ = store_raw_email(session, MAIL, source="a", received_at=when)
    session.flush()
    session.expire(message)
    assert message.received_at == when and message.received_at.tzinfo is not None


def test_outlook_thread_index_threads_a_reply_without_message_ids(session: Session) -> None:
    first = stored(session, MAIL, "dana@example.org", "Assessment")
    first.thread_key = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFg=="
    conv = thread_message(session, first).conversation
    reply = stored(session, MAIL + b"reply", "dana@example.org", "RE: Assessment")
    reply.thread_key = first.thread_key
    decision = thread_message(session, reply)
    assert decision.conversation.id == conv.id and decision.how == "thread-index"


def test_an_auto_reply_is_filed_without_reopening_the_conversation(session: Session) -> None:
    first = stored(session, MAIL, "dana@example.org", "Assessment", "one@example.org")
    conv = thread_message(session, first).conversation
    conv.status = "resolved"
    auto = stored(session, MAIL + b"auto", "dana@example.org", "Automatic reply", "auto@example.org")
    decision = thread_message(session, auto, in_reply_to=["one@example.org"], reopen=False)
    assert decision.conversation.id == conv.id and conv.status == "resolved" and decision.reopened_from is None
    person = stored(session, MAIL + b"person", "dana@example.org", "Re: Assessment", "two@example.org")
    decision = thread_message(session, person, in_reply_to=["one@example.org"])
    assert conv.status == "open" and decision.reopened_from == "resolved"


def test_a_reply_quoting_a_merged_conversation_joins_the_one_it_was_merged_into(session: Session) -> None:
    older = thread_message(session, stored(session, MAIL, "dana@example.org", "Assessment")).conversation
    newer = thread_message(session, stored(session, MAIL + b"2", "dana@example.org", "Plan")).conversation
    older.merged_into_id = newer.id
    older.status = "resolved"
    reply = stored(session, MAIL + b"3", "dana@example.org", f"Re: Assessment [{older.token}]")
    decision = thread_message(session, reply)
    assert decision.conversation.id == newer.id and decision.how == "token"
