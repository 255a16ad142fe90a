"""Read queries for one conversation's page: the thread, its case link, notes, history, who else is here."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, defer, selectinload

from triage.db import utcnow
from triage.models import Attachment, AuditEvent, Case, CaseLink, Conversation, Message, User
from triage.services.queue import PRESENCE, PRESENCE_ACTIONS, Viewer, can_view, compact_reference


def get_conversation(session: Session, conversation_id: int) -> Conversation | None:
    """A conversation with its messages, their classifications, links and attachments loaded."""
    return session.scalar(
        select(Conversation)
        .where(Conversation.id == conversation_id)
        .options(
            # Raw bytes and attachment contents can be megabytes each; the page shows neither.
            selectinload(Conversation.messages).defer(Message.raw).selectinload(Message.classifications),
            selectinload(Conversation.messages).selectinload(Message.attachments).defer(Attachment.data),
            selectinload(Conversation.messages).selectinload(Message.case_link).selectinload(CaseLink.case),
        )
    )


def latest_link(conversation: Conversation) -> CaseLink | None:
    """The newest machine or human case-link decision among the conversation's messages."""
    links = [m.case_link for m in conversation.messages if m.case_link is not None]
    return links[-1] if links else None


def latest_classified(conversation: Conversation) -> Message | None:
    """The newest inbound message that has a classification."""
    for message in reversed(conversation.messages):
        if message.direction == "inbound" and message.classification is not None:
            return message
    return None


def other_conversations(session: Session, viewer: Viewer, case_id: int, exclude_id: int) -> tuple[list[Conversation], int]:
    """The case's other conversations the viewer may open, and how many more exist beyond them."""
    stmt = select(Conversation).where(Conversation.case_id == case_id, Conversation.id != exclude_id)
    everything = list(session.scalars(stmt.order_by(Conversation.last_activity_at.desc()).limit(50)))
    visible = [c for c in everything if can_view(viewer, c)]
    return visible, len(everything) - len(visible)


def search_cases(session: Session, query: str, limit: int = 20) -> list[Case]:
    """Cases whose reference or child's name matches, for linking by hand."""
    query = query.strip()
    if not query:
        return []
    compact = compact_reference(query)
    like = "%" + query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    name = func.lower(Case.child_first_name + " " + Case.child_last_name)
    stmt = select(Case).where(or_(
        Case.case_ref == compact,
        name.like(like, escape="\\"),
        func.lower(Case.child_last_name).like(like, escape="\\"),
    ))
    return list(session.scalars(stmt.order_by(Case.child_last_name, Case.child_first_name, Case.id).limit(limit)))


def notes(session: Session, conversation_id: int) -> list[tuple[AuditEvent, str]]:
    """Internal notes (stored as audit events "note.added") with their authors' names, oldest first."""
    stmt = (
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_user_id)
        .where(and_(AuditEvent.object_type == "conversation", AuditEvent.object_id == conversation_id,
                    AuditEvent.action == "note.added"))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [(event, name or event.actor) for event, name in session.execute(stmt)]


def history(session: Session, conversation_id: int, limit: int = 50) -> list[tuple[AuditEvent, str]]:
    """What people did to the conversation (presence and notes left out), newest first."""
    stmt = (
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_user_id)
        .where(AuditEvent.object_type == "conversation", AuditEvent.object_id == conversation_id,
               AuditEvent.action.not_in((*PRESENCE_ACTIONS, "note.added")))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return [(event, name or event.actor) for event, name in session.execute(stmt)]


def recent_viewers(session: Session, conversation_id: int, *, exclude_user_id: int, within: timedelta = PRESENCE,
                   now: datetime | None = None) -> list[tuple[str, datetime]]:
    """Other staff who opened the conversation lately (name, when): the collision warning."""
    since = (now or utcnow()) - within
    stmt = (
        select(User.name, func.max(AuditEvent.at))
        .join(User, User.id == AuditEvent.actor_user_id)
        .where(AuditEvent.object_type == "conversation", AuditEvent.object_id == conversation_id,
               AuditEvent.action == "conversation.viewed", AuditEvent.at >= since,
               AuditEvent.actor_user_id != exclude_user_id)
        .group_by(User.id, User.name)
        .order_by(func.max(AuditEvent.at).desc())
    )
    return [(name, at) for name, at in session.execute(stmt)]


def quarantined_messages(session: Session, limit: int = 200) -> list[Message]:
    """Messages a processing stage failed on, newest first, with their errors."""
    stmt = select(Message).options(defer(Message.raw)).where(Message.status == "quarantined").order_by(Message.stored_at.desc(), Message.id.desc())
    return list(session.scalars(stmt.limit(limit)))
