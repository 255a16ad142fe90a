"""Read queries for the agents' workspace: who may see what, the queue, and one conversation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, String, and_, cast, func, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session, defer, selectinload

from triage.db import utcnow
from triage.models import Attachment, AuditEvent, Case, CaseLink, Conversation, Message, Team, User
from triage.models.conversation import LINK_STATUSES, STATUSES
from triage.models.message import CHANNELS

OPEN_STATUSES = ("new", "open", "awaiting_family")
CLOCK_STATES = ("overdue", "due_today", "due_soon", "no_due_date")
DUE_SOON = timedelta(days=2)
PRESENCE = timedelta(minutes=10)  # a view this recent counts as "has it open"
# Being there is not a change: opening a page or starting a reply is no action in the history,
# and never makes someone else's page stale.
PRESENCE_ACTIONS = ("conversation.viewed", "conversation.reply_started")
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class Viewer:
    """The signed-in member of staff, as plain values: the services never see Flask."""

    user_id: int
    role: str
    team_ids: frozenset[int] = frozenset()

    @property
    def sees_everything(self) -> bool:
        return self.role in ("manager", "admin")

    @property
    def read_only(self) -> bool:
        return self.role == "manager"


def can_view(viewer: Viewer, conversation: Conversation) -> bool:
    """Agents and team leads see their teams' conversations; managers and admins see all."""
    return viewer.sees_everything or conversation.team_id in viewer.team_ids


def can_act(viewer: Viewer, conversation: Conversation) -> bool:
    """Casework is for members of the conversation's team; managers are read-only everywhere."""
    return not viewer.read_only and conversation.team_id in viewer.team_ids


@dataclass(frozen=True)
class QueueFilters:
    topic: str | None = None
    kind: str | None = None
    status: str = "active"  # "active" (not resolved), "all", or one of STATUSES
    team_id: int | None = None
    assignee: str | None = None  # "me", "none", or a user id as text
    link_status: str | None = None
    clock: str | None = None  # one of CLOCK_STATES
    language: str | None = None
    channel: str | None = None  # conversations with a message that came by email, form, api or phone
    urgent_only: bool = False
    search: str = ""


@dataclass(frozen=True)
class QueueRow:
    id: int
    token: str
    subject: str
    status: str
    urgent: bool
    priority: int
    topics: list[str]
    kind: str | None
    language: str | None
    link_status: str
    case_ref: str | None
    team_name: str | None
    assignee_name: str | None
    due_at: datetime | None
    last_activity_at: datetime
    sender: str | None
    needs_review: bool


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    per_page: int
    status_counts: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def compact_reference(text: str) -> str:
    """'sen-104 217' -> 'SEN104217': case references as the register stores them."""
    return re.sub(r"[\s\-_/]", "", text).upper()


def _scoped(stmt: Select, viewer: Viewer) -> Select:
    if viewer.sees_everything:
        return stmt
    if not viewer.team_ids:
        return stmt.where(False)
    return stmt.where(Conversation.team_id.in_(sorted(viewer.team_ids)))


def _topic_clause(session: Session, topic: str):  # type: ignore[no-untyped-def]
    if session.get_bind().dialect.name == "postgresql":
        return type_coerce(Conversation.topics, JSONB).contains([topic])
    # SQLite keeps JSON as text; topics are identifiers, so the quoted name is unambiguous.
    needle = '"' + topic.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + '"'
    return cast(Conversation.topics, String).like(f"%{needle}%", escape="\\")


def _filtered(session: Session, stmt: Select, viewer: Viewer, filters: QueueFilters, now: datetime,
              *, with_status: bool = True) -> Select:
    stmt = _scoped(stmt, viewer)
    if with_status:
        if filters.status == "active":
            stmt = stmt.where(Conversation.status.in_(OPEN_STATUSES))
        elif filters.status in STATUSES:
            stmt = stmt.where(Conversation.status == filters.status)
    if filters.topic:
        stmt = stmt.where(_topic_clause(session, filters.topic))
    if filters.kind:
        stmt = stmt.where(Conversation.kind == filters.kind)
    if filters.team_id is not None:
        stmt = stmt.where(Conversation.team_id == filters.team_id)
    if filters.link_status in LINK_STATUSES:
        stmt = stmt.where(Conversation.link_status == filters.link_status)
    if filters.language:
        stmt = stmt.where(Conversation.language == filters.language)
    if filters.channel in CHANNELS:
        stmt = stmt.where(select(Message.id).where(
            Message.conversation_id == Conversation.id, Message.channel == filters.channel,
            Message.direction == "inbound").exists())
    if filters.urgent_only:
        stmt = stmt.where(Conversation.urgent.is_(True))
    if filters.assignee == "me":
        stmt = stmt.where(Conversation.assignee_id == viewer.user_id)
    elif filters.assignee == "none":
        stmt = stmt.where(Conversation.assignee_id.is_(None))
    elif filters.assignee and filters.assignee.isdigit():
        stmt = stmt.where(Conversation.assignee_id == int(filters.assignee))
    if filters.clock == "overdue":
        stmt = stmt.where(Conversation.due_at < now)
    elif filters.clock == "due_today":
        stmt = stmt.where(Conversation.due_at >= now, Conversation.due_at < now + timedelta(days=1))
    elif filters.clock == "due_soon":
        stmt = stmt.where(Conversation.due_at >= now, Conversation.due_at < now + DUE_SOON)
    elif filters.clock == "no_due_date":
        stmt = stmt.where(Conversation.due_at.is_(None))
    search = filters.search.strip()
    if search:
        like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        case_ids = select(Case.id).where(Case.case_ref == compact_reference(search))
        stmt = stmt.where(or_(
            Conversation.subject.ilike(like, escape="\\"),
            func.upper(Conversation.token) == search.upper().strip("[]"),
            Conversation.case_id.in_(case_ids),
        ))
    return stmt


def list_queue(session: Session, viewer: Viewer, filters: QueueFilters, *, page: int = 1, per_page: int = 50,
               now: datetime | None = None) -> QueuePage:
    """One page of the viewer's queue: most urgent first, then soonest due, then oldest."""
    now = now or utcnow()
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    latest_sender = (
        select(func.coalesce(Message.sender_name, Message.sender_email))
        .where(Message.conversation_id == Conversation.id, Message.direction == "inbound")
        .order_by(Message.received_at.desc(), Message.id.desc())
        .limit(1)
        .correlate(Conversation)
        .scalar_subquery()
    )
    stmt = (
        select(Conversation, Case.case_ref, Team.name, User.name, latest_sender)
        .outerjoin(Case, Case.id == Conversation.case_id)
        .outerjoin(Team, Team.id == Conversation.team_id)
        .outerjoin(User, User.id == Conversation.assignee_id)
    )
    stmt = _filtered(session, stmt, viewer, filters, now)
    # priority then due time matches ix_conversations_queue; urgent conversations always carry
    # PRIORITY_URGENT (routing enforces it), so this order puts them first.
    stmt = stmt.order_by(Conversation.priority, Conversation.due_at.asc().nulls_last(), Conversation.id)
    count_stmt = _filtered(session, select(func.count(Conversation.id)), viewer, filters, now)
    total = session.scalar(count_stmt) or 0
    rows = [
        QueueRow(
            id=conv.id, token=conv.token, subject=conv.subject, status=conv.status, urgent=conv.urgent,
            priority=conv.priority, topics=list(conv.topics or []), kind=conv.kind, language=conv.language,
            link_status=conv.link_status, case_ref=case_ref, team_name=team_name, assignee_name=assignee_name,
            due_at=conv.due_at, last_activity_at=conv.last_activity_at, sender=sender, needs_review=conv.needs_review,
        )
        for conv, case_ref, team_name, assignee_name, sender in session.execute(
            stmt.limit(per_page).offset((page - 1) * per_page)
        )
    ]
    return QueuePage(rows=rows, total=total, page=page, per_page=per_page,
                     status_counts=status_counts(session, viewer, filters, now))


def status_counts(session: Session, viewer: Viewer, filters: QueueFilters, now: datetime | None = None) -> dict[str, int]:
    """How many conversations each status tab holds under the other filters."""
    stmt = select(Conversation.status, func.count(Conversation.id)).group_by(Conversation.status)
    stmt = _filtered(session, stmt, viewer, filters, now or utcnow(), with_status=False)
    counts = {status: 0 for status in STATUSES}
    counts.update({status: n for status, n in session.execute(stmt)})
    counts["active"] = sum(counts[s] for s in OPEN_STATUSES)
    counts["all"] = sum(counts[s] for s in STATUSES)
    return counts


def visible_teams(session: Session, viewer: Viewer) -> list[Team]:
    """Teams the viewer may filter by."""
    stmt = select(Team).order_by(Team.name)
    if not viewer.sees_everything:
        stmt = stmt.where(Team.id.in_(sorted(viewer.team_ids)))
    return list(session.scalars(stmt))


def all_teams(session: Session) -> list[Team]:
    """Every team, by name (a conversation may be moved to any of them)."""
    return list(session.scalars(select(Team).order_by(Team.name)))


def team_members(session: Session, team_id: int | None) -> list[User]:
    """Active staff in a team who can be assigned its conversations."""
    if team_id is None:
        return []
    team = session.get(Team, team_id)
    if team is None:
        return []
    return sorted((u for u in team.members if u.active and u.role != "manager"), key=lambda u: u.name.lower())


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
