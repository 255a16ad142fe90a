"""Threading messages into conversations, safely: a reply joins only from a participant."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.intake.thread_keys import base_subject, new_token, tokens_in
from triage.models import CaseContact, Conversation, Message


@dataclass(frozen=True)
class ThreadDecision:
    conversation: Conversation
    created: bool
    how: str  # "in-reply-to", "references", "thread-index", "token", "new", "new: related to #N (sender not a participant)"
    reopened_from: str | None = None  # the status a reply moved the conversation out of


def _unique_token(session: Session) -> str:
    while True:
        token = new_token()
        if session.scalar(select(Conversation.id).where(Conversation.token == token)) is None:
            return token


def _sender_belongs(session: Session, conversation: Conversation, sender_email: str | None) -> bool:
    """The sender is a participant, or a contact of the conversation's linked case."""
    if not sender_email:
        return False
    if sender_email in (conversation.participants or []):
        return True
    if conversation.case_id is None:
        return False
    return session.scalar(
        select(CaseContact.id).where(CaseContact.case_id == conversation.case_id, CaseContact.email == sender_email)
    ) is not None


def _follow_merges(session: Session, conversation: Conversation) -> Conversation:
    """The conversation a merged one now lives in (merges may chain; a loop cannot, but is guarded)."""
    seen = {conversation.id}
    while conversation.merged_into_id is not None and conversation.merged_into_id not in seen:
        conversation = session.get(Conversation, conversation.merged_into_id)
        seen.add(conversation.id)
    return conversation


def _candidate(session: Session, message: Message, in_reply_to: Sequence[str], references: Sequence[str]) -> tuple[Conversation | None, str]:
    found, how = _first_match(session, message, in_reply_to, references)
    return (_follow_merges(session, found) if found is not None else None), how


def _first_match(session: Session, message: Message, in_reply_to: Sequence[str], references: Sequence[str]) -> tuple[Conversation | None, str]:
    for how, ids in (("in-reply-to", in_reply_to), ("references", list(reversed(references)))):
        for mid in ids:
            conv_id = session.scalar(
                select(Message.conversation_id)
                .where(Message.message_id == mid, Message.conversation_id.is_not(None), Message.id != message.id)
                .order_by(Message.id.desc())
                .limit(1)
            )
            if conv_id is not None:
                return session.get(Conversation, conv_id), how
    if message.thread_key:
        conv_id = session.scalar(
            select(Message.conversation_id)
            .where(Message.thread_key == message.thread_key, Message.conversation_id.is_not(None), Message.id != message.id)
            .order_by(Message.id.desc())
            .limit(1)
        )
        if conv_id is not None:
            return session.get(Conversation, conv_id), "thread-index"
    for token in tokens_in(message.subject):
        conv = session.scalar(select(Conversation).where(Conversation.token == token))
        if conv is not None:
            return conv, "token"
    return None, "new"


def start_conversation(session: Session, message: Message, related_to: int | None = None) -> Conversation:
    conversation = Conversation(
        token=_unique_token(session),
        subject=base_subject(message.subject)[:500] or "(no subject)",
        status="new",
        participants=[message.sender_email] if message.sender_email else [],
        related_conversation_id=related_to,
        created_at=message.received_at,
        last_activity_at=message.received_at,
    )
    session.add(conversation)
    session.flush()
    return conversation


def thread_message(session: Session, message: Message, *, in_reply_to: Sequence[str] = (), references: Sequence[str] = (),
                   reopen: bool = True) -> ThreadDecision:
    """Put a message in its conversation: the one it replies to if the sender belongs, else a new one.

    reopen=False (auto-replies, bounces) files the message without reopening the conversation.
    """
    if message.conversation_id is not None:  # a retried job: keep the earlier decision
        return ThreadDecision(session.get(Conversation, message.conversation_id), False, "kept")
    existing, how = _candidate(session, message, in_reply_to, references)
    if existing is not None and _sender_belongs(session, existing, message.sender_email):
        message.conversation_id = existing.id
        existing.last_activity_at = max(existing.last_activity_at, message.received_at)
        reopened_from = existing.status if reopen and existing.status in ("resolved", "awaiting_family") else None
        if reopened_from:
            existing.status = "open"
        return ThreadDecision(existing, False, how, reopened_from)
    conversation = start_conversation(session, message, related_to=existing.id if existing else None)
    message.conversation_id = conversation.id
    if existing is not None:
        return ThreadDecision(conversation, True, f"new: related to #{existing.id} (sender not a participant)")
    return ThreadDecision(conversation, True, "new")
