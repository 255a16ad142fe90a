"""Read queries for the agents' workspace: who may see what, and the queue (conversation_page.py: one conversation)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
    type_coerce,
    union,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from triage.db import utcnow
from triage.models import (
    Case,
    Conversation,
    Message,
    Team,
    User,
)
from triage.models.conversation import (
    CONVERSATION_WORDS,
    LINK_STATUSES,
    OPEN_STATUSES,
    STATUSES,
)
from triage.models.message import CHANNELS, MESSAGE_WORDS

CLOCK_STATES = ("overdue", "due_today", "due_soon", "no_due_date")
DUE_SOON = timedelta(days=2)
PRESENCE = timedelta(minutes=10)  # a view this recent counts as "has it open"
# Being there is not a change: opening a page or starting a reply is no action in the history,
# and never makes someone else's page stale.
PRESENCE_ACTIONS = ("conversation.viewed", "conversation.reply_started")
MAX_PER_PAGE = 200
COUNT_CAP = 10_000  # tabs count this far; beyond it they say "10,000+"


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
class Cursor:
    """A place in the queue order (priority, due time with no due time last, id): keyset paging."""

    priority: int
    due_at: datetime | None
    id: int

    def encode(self) -> str:
        """'3.1767225600000000.42' (due time in microseconds since 1970; 'n' for none): URL-safe."""
        due = "n" if self.due_at is None else str((self.due_at - EPOCH) // timedelta(microseconds=1))
        return f"{self.priority}.{due}.{self.id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """The cursor in a link, or None for anything malformed (the page then starts at the top)."""
        found = re.fullmatch(r"(-?\d{1,9})\.(n|-?\d{1,20})\.(\d{1,18})", text or "")
        if found is None:
            return None
        priority, due, row_id = found.groups()
        try:
            due_at = None if due == "n" else EPOCH + timedelta(microseconds=int(due))
        except OverflowError:
            return None
        return cls(int(priority), due_at, int(row_id))

    @classmethod
    def of(cls, row: QueueRow | Conversation) -> Cursor:
        """The cursor at a row (or a conversation) of the queue."""
        return cls(row.priority, row.due_at, row.id)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    status: str  # the status tab shown, so its count is the page's total
    status_counts: dict[str, int] = field(default_factory=dict)
    next_cursor: Cursor | None = None  # where the next page starts after, if there is one
    previous_cursor: Cursor | None = None  # where the previous page ends before, if there is one
    count_cap: int = COUNT_CAP  # status counts above this were not counted further

    @property
    def total(self) -> int:
        return self.status_counts.get(self.status, 0)

    def count_label(self, tab: str) -> str:
        """A tab's count as shown: '1,234', '10,000+' (at least) where a status reached the cap, '' if not counted."""
        if tab not in self.status_counts:
            return ""
        parts = {"active": OPEN_STATUSES, "all": STATUSES}.get(tab, (tab,))
        capped = sum(1 for part in parts if self.status_counts.get(part, 0) > self.count_cap)
        return f"{self.status_counts.get(tab, 0) - capped:,}" + ("+" if capped else "")


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
              *, with_status: bool = True, matches: Select | CTE | None = None) -> Select:
    stmt = _scoped(stmt, viewer)
    if with_status:
        if filters.status == "active":
            # Literal values, so PostgreSQL can match ix_conversations_active_order's predicate.
            stmt = stmt.where(Conversation.status.in_(bindparam("active", OPEN_STATUSES, expanding=True,
                                                                literal_execute=True)))
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
        matches = _matching_ids(session, search) if matches is None else select(matches.c.id)
        stmt = stmt.where(Conversation.id.in_(matches))
    return stmt


def _matching_ids(session: Session, search: str) -> Select:
    """Ids of conversations the search finds: its exact token, its case's reference, or its words."""
    case_ids = select(Case.id).where(Case.case_ref == compact_reference(search))
    # One branch per index (token, case, words), united: an OR across them would scan the table.
    return union(
        select(Conversation.id).where(Conversation.token == search.upper().strip("[] ")),
        select(Conversation.id).where(Conversation.case_id.in_(case_ids)),
        *_word_matches(session, search),
    )


def _word_matches(session: Session, search: str) -> tuple[Select, Select]:
    """Conversations whose subject, or one of whose messages, has the words searched for.

    PostgreSQL: full-text search ("quoted phrases", -not, or) on the GIN-indexed expressions
    the models declare. SQLite (small, embedded installs): every word as a substring, which
    reads the whole table but needs no index.
    """
    if session.get_bind().dialect.name == "postgresql":
        query = func.websearch_to_tsquery(literal_column("'english'"), search)
        return (select(Conversation.id).where(CONVERSATION_WORDS.op("@@")(query)),
                select(Message.conversation_id).where(MESSAGE_WORDS.op("@@")(query)))
    words = search.split()[:10]
    document = (func.coalesce(Message.subject, "") + " " + func.coalesce(Message.sender_name, "") + " "
                + func.coalesce(Message.sender_email, "") + " " + func.coalesce(Message.text, ""))
    return (select(Conversation.id).where(*(Conversation.subject.ilike(_like(w), escape="\\") for w in words)),
            select(Message.conversation_id).where(*(document.ilike(_like(w), escape="\\") for w in words)))


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _after(cursor: Cursor) -> ColumnElement[bool]:
    """Rows after the cursor in the queue order (due time ascending, no due time last)."""
    if cursor.due_at is None:
        tie = and_(Conversation.due_at.is_(None), Conversation.id > cursor.id)
    else:
        tie = or_(Conversation.due_at > cursor.due_at, Conversation.due_at.is_(None),
                  and_(Conversation.due_at == cursor.due_at, Conversation.id > cursor.id))
    # The bare bound on priority lets an index on the order start at the cursor.
    return and_(Conversation.priority >= cursor.priority,
                or_(Conversation.priority > cursor.priority, and_(Conversation.priority == cursor.priority, tie)))


def _before(cursor: Cursor) -> ColumnElement[bool]:
    """Rows before the cursor in the queue order."""
    if cursor.due_at is None:
        tie = or_(Conversation.due_at.is_not(None), Conversation.id < cursor.id)
    else:
        tie = or_(Conversation.due_at < cursor.due_at,
                  and_(Conversation.due_at == cursor.due_at, Conversation.id < cursor.id))
    return and_(Conversation.priority <= cursor.priority,
                or_(Conversation.priority < cursor.priority, and_(Conversation.priority == cursor.priority, tie)))


QUEUE_ORDER = (Conversation.priority, Conversation.due_at.asc().nulls_last(), Conversation.id)
REVERSE_ORDER = (Conversation.priority.desc(), Conversation.due_at.desc().nulls_first(), Conversation.id.desc())


def list_queue(session: Session, viewer: Viewer, filters: QueueFilters, *, after: Cursor | None = None,
               before: Cursor | None = None, per_page: int = 50, now: datetime | None = None) -> QueuePage:
    """One page of the viewer's queue (most urgent first, then soonest due), after or before a cursor."""
    now = now or utcnow()
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    backwards = before is not None and after is None
    rows = _rows(session, viewer, filters, now, after=after, before=before if backwards else None, limit=per_page + 1)
    more = len(rows) > per_page  # beyond this page, in the direction read
    rows = rows[:per_page][::-1] if backwards else rows[:per_page]
    if (after or before) and len(rows) < per_page and (backwards or not rows):
        # The cursor leads to less than a page (rows left the queue meanwhile): show the top.
        return list_queue(session, viewer, filters, per_page=per_page, now=now)
    has_previous, has_next = (more, True) if backwards else (after is not None, more)
    return QueuePage(
        rows=rows, status=filters.status,
        # Resolved history is most of the table: counted only when the agent is looking at it.
        status_counts=status_counts(session, viewer, filters, now,
                                    statuses=STATUSES if filters.status in ("resolved", "all") else OPEN_STATUSES),
        next_cursor=Cursor.of(rows[-1]) if has_next and rows else None,
        previous_cursor=Cursor.of(rows[0]) if has_previous and rows else None,
    )


def _rows(session: Session, viewer: Viewer, filters: QueueFilters, now: datetime, *, after: Cursor | None,
          before: Cursor | None, limit: int) -> list[QueueRow]:
    """Up to `limit` rows after `after` in the queue order, or the `limit` just before `before` (nearest first)."""
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
    # Urgent conversations always carry PRIORITY_URGENT (routing enforces it), so they come first.
    if before is not None:
        stmt = stmt.where(_before(before)).order_by(*REVERSE_ORDER)
    else:
        stmt = stmt.where(_after(after)) if after is not None else stmt
        stmt = stmt.order_by(*QUEUE_ORDER)
    return [
        QueueRow(
            id=conv.id, token=conv.token, subject=conv.subject, status=conv.status, urgent=conv.urgent,
            priority=conv.priority, topics=list(conv.topics or []), kind=conv.kind, language=conv.language,
            link_status=conv.link_status, case_ref=case_ref, team_name=team_name, assignee_name=assignee_name,
            due_at=conv.due_at, last_activity_at=conv.last_activity_at, sender=sender, needs_review=conv.needs_review,
        )
        for conv, case_ref, team_name, assignee_name, sender in session.execute(stmt.limit(limit))
    ]


def status_counts(session: Session, viewer: Viewer, filters: QueueFilters, now: datetime | None = None, *,
                  statuses: tuple[str, ...] = STATUSES, cap: int = COUNT_CAP) -> dict[str, int]:
    """How many conversations each status tab holds under the other filters, each up to cap + 1.

    Counting every resolved conversation of a large council would cost more than the page
    itself; past the cap the tab says "10,000+" (QueuePage.count_label). Statuses not asked for,
    and the tabs summing them, are left out. One statement, reading the search's matches once.
    """
    now = now or utcnow()
    matches = _matching_ids(session, filters.search.strip()).cte("matches") if filters.search.strip() else None
    capped = []
    for status in statuses:
        rows = _filtered(session, select(Conversation.id), viewer, filters, now, with_status=False, matches=matches)
        rows = rows.where(Conversation.status == status).limit(cap + 1).subquery()
        capped.append(select(func.count()).select_from(rows).scalar_subquery())
    counts = dict(zip(statuses, session.execute(select(*capped)).one(), strict=True))
    for tab, parts in (("active", OPEN_STATUSES), ("all", STATUSES)):
        if set(parts) <= set(statuses):
            counts[tab] = sum(counts[s] for s in parts)
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
