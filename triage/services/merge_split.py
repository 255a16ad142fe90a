"""Merging two conversations about the same thing, and splitting a message off into its own.

A merged conversation keeps its row (its token may still be quoted by the family): it is
resolved, emptied of messages, and points at where they went (merged_into_id), so threading
sends a later reply quoting its token there; an audit event "conversation.merged" records it.
Both actions need team membership on every conversation touched and a current page version.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.db import utcnow
from triage.models import Conversation, Message
from triage.services.audit import record
from triage.services.casework import CaseworkError, require_current
from triage.services.clocks import service_clock, start_service_clock
from triage.services.conversations import start_conversation
from triage.services.queue import Viewer

LINKED = ("linked", "confirmed")


def find_by_token(session: Session, token: str) -> Conversation | None:
    """A conversation by its reference (TRG-…), however it was typed."""
    cleaned = token.strip().strip("[]").strip().upper()
    return session.scalar(select(Conversation).where(Conversation.token == cleaned)) if cleaned else None


def merge(session: Session, viewer: Viewer, target: Conversation, source: Conversation, *,
          target_version: str | None, source_version: str | None, now: datetime | None = None) -> list[int]:
    """Move source's messages into target, resolve source and audit both; returns the moved message ids."""
    if source.id == target.id:
        raise CaseworkError("A conversation cannot be merged into itself.")
    require_current(session, viewer, target, target_version, version_required=True,
                    outcome="Nothing was merged or split: check the page, then try again.")
    require_current(session, viewer, source, source_version, version_required=True,
                    outcome="Nothing was merged or split: check the page, then try again.")
    if (target.case_id is not None and source.case_id is not None and target.case_id != source.case_id):
        # Merging would show one child's correspondence in another child's conversation.
        raise CaseworkError("These conversations are linked to different cases, so they cannot be merged. "
                            "Correct the case link first if one of them is wrong.")
    now = now or utcnow()
    moved = list(session.scalars(select(Message).where(Message.conversation_id == source.id).order_by(Message.id)))
    for message in moved:
        message.conversation_id = target.id
    target.participants = list(dict.fromkeys([*(target.participants or []), *(source.participants or [])]))
    target.topics = sorted(set(target.topics or []) | set(source.topics or []))
    target.urgent = target.urgent or source.urgent
    target.priority = min(target.priority, source.priority)
    if target.case_id is None and source.case_id is not None and source.link_status in LINKED:
        target.case_id, target.link_status = source.case_id, source.link_status
    _move_service_clock(session, source, target)
    if target.status == "resolved" and source.status != "resolved":
        target.status = "open"  # the source still needed an answer
    before = source.status
    source.status = "resolved"
    source.merged_into_id = target.id
    source.due_at = None
    for conversation in (source, target):
        conversation.last_activity_at = max(now, conversation.last_activity_at)
    ids = [m.id for m in moved]
    record(session, "conversation.merged", "conversation", source.id, actor_user_id=viewer.user_id,
           details={"into_id": target.id, "into_token": target.token, "message_ids": ids, "status_was": before})
    record(session, "conversation.merged_in", "conversation", target.id, actor_user_id=viewer.user_id,
           details={"from_id": source.id, "from_token": source.token, "message_ids": ids})
    session.flush()
    session.expire(target, ["messages"])
    session.expire(source, ["messages"])
    return ids


def _move_service_clock(session: Session, source: Conversation, target: Conversation) -> None:
    """Keep the clock that has run longest: the family has been waiting since the earlier contact."""
    theirs, ours = service_clock(session, source.id), service_clock(session, target.id)
    if theirs is None:
        return
    if ours is None or (ours.stopped_at is None and theirs.stopped_at is None and theirs.starts_at < ours.starts_at):
        if ours is not None:
            session.delete(ours)
            session.flush()
        theirs.conversation_id = target.id
        target.due_at = theirs.due_at if theirs.stopped_at is None else None
    else:
        # The target's clock stands; the source's is dropped so it cannot escalate a resolved conversation.
        session.delete(theirs)
    session.flush()


def split(session: Session, viewer: Viewer, conversation: Conversation, message_id: int, *,
          version: str | None, service_reply_days: int, now: datetime | None = None) -> Conversation:
    """Move one message into a new conversation (new token, same team and case link); audited on both."""
    require_current(session, viewer, conversation, version, version_required=True,
                    outcome="Nothing was merged or split: check the page, then try again.")
    message = session.get(Message, message_id)
    if message is None or message.conversation_id != conversation.id:
        raise CaseworkError("That message is not in this conversation.")
    count = len(session.scalars(select(Message.id).where(Message.conversation_id == conversation.id)).all())
    if count < 2:
        raise CaseworkError("A conversation with one message cannot be split.")
    now = now or utcnow()
    message.conversation_id = None  # start_conversation makes a fresh row for this message
    new = start_conversation(session, message, related_to=conversation.id)
    message.conversation_id = new.id
    new.team_id, new.case_id, new.link_status = conversation.team_id, conversation.case_id, conversation.link_status
    new.topics, new.kind, new.language = list(conversation.topics or []), conversation.kind, conversation.language
    new.urgent, new.priority, new.status = conversation.urgent, conversation.priority, "open"
    new.last_activity_at = max(now, message.received_at)
    conversation.last_activity_at = max(now, conversation.last_activity_at)
    if message.direction == "inbound":
        start_service_clock(session, new.id, message.received_at, service_reply_days)
    record(session, "conversation.split", "conversation", conversation.id, actor_user_id=viewer.user_id,
           details={"message_id": message.id, "to_id": new.id, "to_token": new.token})
    record(session, "conversation.split_from", "conversation", new.id, actor_user_id=viewer.user_id,
           details={"message_id": message.id, "from_id": conversation.id, "from_token": conversation.token})
    session.flush()
    session.expire(conversation, ["messages"])
    return new
