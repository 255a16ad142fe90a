"""Conversations: the unit of work in a team's queue, threading one or more messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from triage.db import Base, JSONType, UTCDateTime, utcnow
from triage.models.message import english_words

STATUSES = ("new", "open", "awaiting_family", "resolved")
OPEN_STATUSES = ("new", "open", "awaiting_family")
LINK_STATUSES = ("linked", "suggested", "ambiguous", "none", "confirmed")

# Priority: lower number is worked first. Urgent conversations always get PRIORITY_URGENT.
PRIORITY_URGENT = 1
PRIORITY_HIGH = 2
PRIORITY_NORMAL = 3
PRIORITY_LOW = 4


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Reference token put in the subject of our replies, e.g. [TRG-7K2M9Q].
    token: Mapped[str] = mapped_column(String(16), unique=True)
    subject: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default="new")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    priority: Mapped[int] = mapped_column(Integer, default=PRIORITY_NORMAL)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    link_status: Mapped[str] = mapped_column(String(20), default="none")
    topics: Mapped[list[str]] = mapped_column(JSONType, default=list)
    kind: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(12))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    # Participants' addresses (lower case); a reply threads here only from one of them.
    participants: Mapped[list[str]] = mapped_column(JSONType, default=list)
    related_conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    # Set when an agent merged this conversation into another: its token then leads there.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    team = relationship("Team")
    assignee = relationship("User")
    case = relationship("Case")
    messages = relationship("Message", back_populates="conversation", order_by="Message.received_at")
    merged_into = relationship("Conversation", remote_side=[id], foreign_keys=[merged_into_id])


Index(
    "ix_conversations_queue",
    Conversation.team_id,
    Conversation.status,
    Conversation.priority,
    Conversation.due_at,
)
# The active queue in its order, for views that filter little (a manager's, a busy team's): read
# in order and stop after a page, rather than sort every active conversation. Partial, so resolved
# history (most rows, long overdue) is never walked; queries name the statuses as literals to match.
ACTIVE = Conversation.status.in_(OPEN_STATUSES)
Index("ix_conversations_active_order", Conversation.priority, Conversation.due_at, Conversation.id,
      postgresql_where=ACTIVE, sqlite_where=ACTIVE)
# The status tabs' counts (capped), per status and team, answered from the index alone.
Index("ix_conversations_status_team", Conversation.status, Conversation.team_id)

# The queue's full-text search (PostgreSQL) also reads the conversation's own subject.
CONVERSATION_WORDS = english_words(Conversation.subject)
Index("ix_conversations_words", CONVERSATION_WORDS, postgresql_using="gin").ddl_if(dialect="postgresql")
