"""Keeping the insight aggregates up to date: recompute whole days (delete and insert), idempotently."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, delete, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from triage.clocks.calendar import london_date
from triage.clocks.kinds import start_of_day
from triage.db import utcnow
from triage.insight.aggregate import (
    CaseMessageRow,
    ClockRow,
    ContactRow,
    ConversationMessageRow,
    Facts,
    became_complaints,
    count_case_days,
    count_clocks,
    count_contacts,
)
from triage.insight.casework_facts import (
    APPEAL_METRICS,
    COMPLAINT_METRICS,
    AppealRow,
    ComplaintRow,
    OrderRow,
    count_appeals,
    count_complaints,
)
from triage.models import Appeal, AppealOrder, Classification, Clock, Complaint, Conversation, Message
from triage.models.insight import InsightCaseDay, InsightContacts, InsightFact, InsightState

log = logging.getLogger(__name__)

WATERMARK = "watermark"
# Re-read a little before the last watermark: a transaction that began earlier may commit later.
OVERLAP = timedelta(minutes=10)
SPAN_DAYS = 31  # a full refresh works a month at a time, so memory stays flat
CHUNK = 500  # IN-lists of days or ids stay well under every database's parameter limit
DAY_METRICS = ("first_reply", "complaint_clock", "statutory", "became_complaint")


@dataclass(frozen=True)
class RefreshReport:
    days: int
    since: datetime | None
    watermark: datetime


def _spans(days: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Sorted days as runs of consecutive days (each at most SPAN_DAYS long), inclusive."""
    ordered = sorted(set(days))
    start = prev = None
    for day in ordered:
        if start is None:
            start = prev = day
        elif day == prev + timedelta(days=1) and (day - start).days < SPAN_DAYS:
            prev = day
        else:
            yield start, prev
            start = prev = day
    if start is not None:
        yield start, prev


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _newest_classification():  # type: ignore[no-untyped-def]
    """The id of a message's newest classification (one per model version), as a correlated subquery."""
    other = aliased(Classification)
    return select(func.max(other.id)).where(other.message_id == Message.id).correlate(Message).scalar_subquery()


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return start_of_day(first), start_of_day(last + timedelta(days=1))


def _contact_rows(session: Session, first: date, last: date) -> Iterator[ContactRow]:
    lo, hi = _bounds(first, last)
    query = (
        select(Message.received_at, Message.channel, Conversation.team_id, Classification.topics,
               Classification.kind, Classification.urgent)
        .select_from(Message)
        .join(Classification, Classification.id == _newest_classification())
        .outerjoin(Conversation, Conversation.id == Message.conversation_id)
        .where(Message.received_at >= lo, Message.received_at < hi, Message.direction == "inbound",
               Message.status == "processed")
    )
    for received, channel, team_id, topics, kind, urgent in session.execute(query).yield_per(2000):
        yield ContactRow(london_date(received), team_id, tuple(topics or ()), kind, channel, bool(urgent))


def _case_rows(session: Session, first: date, last: date) -> Iterator[CaseMessageRow]:
    lo, hi = _bounds(first, last)
    query = (
        select(Message.received_at, Message.direction, Conversation.case_id, Conversation.team_id)
        .select_from(Message)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Message.received_at >= lo, Message.received_at < hi, Conversation.case_id.is_not(None),
               or_(and_(Message.direction == "inbound", Message.status == "processed"),
                   Message.direction == "outbound"))
    )
    for received, direction, case_id, team_id in session.execute(query).yield_per(2000):
        yield CaseMessageRow(london_date(received), case_id, team_id, direction != "outbound")


def _escalation_rows(session: Session, first: date, last: date) -> list[ConversationMessageRow]:
    """All inbound messages of the conversations that had a complaint in the span."""
    lo, hi = _bounds(first, last)
    newest = aliased(Classification)
    kind = select(newest.kind).where(newest.id == _newest_classification()).correlate(Message).scalar_subquery()
    with_complaint = (
        select(Message.conversation_id)
        .join(Classification, Classification.id == _newest_classification())
        .where(Message.received_at >= lo, Message.received_at < hi, Message.direction == "inbound",
               Message.status == "processed", Classification.kind == "complaint")
        .distinct()
    )
    ids = [i for i in session.scalars(with_complaint) if i is not None]
    rows: list[ConversationMessageRow] = []
    for chunk in _chunks(ids):
        query = (
            select(Message.conversation_id, Message.received_at, Message.id, Conversation.team_id, kind)
            .select_from(Message)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Message.conversation_id.in_(chunk), Message.direction == "inbound",
                   Message.status == "processed")
        )
        for conv_id, received, message_id, team_id, kind_value in session.execute(query):
            rows.append(ConversationMessageRow(conv_id, london_date(received), team_id, kind_value,
                                               (received, message_id)))
    return rows


def _clock_rows(session: Session, first: date, last: date, now: datetime) -> Iterator[ClockRow]:
    own, of_complaint, of_appeal = aliased(Conversation), aliased(Conversation), aliased(Conversation)
    # A case's statutory clock counts for the team that last handled the case's mail.
    case_team = (
        select(Conversation.team_id).where(Conversation.case_id == Clock.case_id)
        .order_by(Conversation.last_activity_at.desc(), Conversation.id.desc()).limit(1).scalar_subquery()
    )
    query = (
        select(Clock.due_on, Clock.due_at, Clock.kind, Clock.state,
               func.coalesce(own.team_id, of_complaint.team_id, of_appeal.team_id, case_team))
        .select_from(Clock)
        .outerjoin(own, own.id == Clock.conversation_id)
        .outerjoin(Complaint, Complaint.id == Clock.complaint_id)
        .outerjoin(of_complaint, of_complaint.id == Complaint.conversation_id)
        .outerjoin(Appeal, Appeal.id == Clock.appeal_id)
        .outerjoin(of_appeal, of_appeal.id == Appeal.conversation_id)
        .where(Clock.due_on >= first, Clock.due_on <= last)
    )
    for due_on, due_at, kind, state, team_id in session.execute(query).yield_per(2000):
        if state == "running" and due_at is not None and due_at <= now:
            state = "overdue"  # past due but not yet flagged by `triage clocks check`
        yield ClockRow(due_on, team_id, kind, state)


def _keep(facts: Facts, first: date, last: date) -> Facts:
    kept = Facts()
    kept.update({k: v for k, v in facts.items() if first <= k[0] <= last})
    return kept


def _insert_facts(session: Session, facts: Facts) -> None:
    rows = [{"day": d, "team_id": t, "metric": m, "key": k, "count": int(v[0]), "total": float(v[1])}
            for (d, t, m, k), v in facts.items()]
    for chunk in _chunks(rows):
        session.execute(insert(InsightFact), chunk)


def refresh_span(session: Session, first: date, last: date, now: datetime | None = None) -> None:
    """Recompute every day-keyed aggregate for first..last (inclusive) from the source tables."""
    now = now or utcnow()
    session.execute(delete(InsightContacts).where(InsightContacts.day.between(first, last)))
    session.execute(delete(InsightCaseDay).where(InsightCaseDay.day.between(first, last)))
    session.execute(delete(InsightFact).where(InsightFact.day.between(first, last),
                                              InsightFact.metric.in_(DAY_METRICS)))
    contacts = [{"day": d, "team_id": t, "topic": topic, "kind": k, "channel": c, "urgent": u, "contacts": n}
                for (d, t, topic, k, c, u), n in count_contacts(_contact_rows(session, first, last)).items()]
    for chunk in _chunks(contacts):
        session.execute(insert(InsightContacts), chunk)
    case_days = [{"day": d, "case_id": case, "team_id": t, "inbound": io[0], "outbound": io[1]}
                 for (d, case, t), io in count_case_days(_case_rows(session, first, last)).items()]
    for chunk in _chunks(case_days):
        session.execute(insert(InsightCaseDay), chunk)
    facts = count_clocks(_clock_rows(session, first, last, now))
    for key, value in _keep(became_complaints(_escalation_rows(session, first, last)), first, last).items():
        facts[key] = value
    _insert_facts(session, facts)
    session.flush()


def refresh_days(session: Session, days: Iterable[date], now: datetime | None = None) -> int:
    """Recompute the given days (any order, repeats ignored); returns how many days were recomputed."""
    total = 0
    for first, last in _spans(days):
        refresh_span(session, first, last, now)
        total += (last - first).days + 1
    return total


def refresh_casework(session: Session, now: datetime | None = None) -> None:
    """Recompute complaint, Ombudsman, appeal and order facts whole (these tables are small)."""
    today = london_date(now or utcnow())
    session.execute(delete(InsightFact).where(InsightFact.metric.in_(COMPLAINT_METRICS + APPEAL_METRICS)))
    complaints = [
        ComplaintRow(team, c.stage, c.outcome, c.stage1_opened_on, c.stage1_responded_on, c.stage2_opened_on,
                     c.stage2_responded_on, c.ombudsman_referred_on, c.ombudsman_decided_on, c.ombudsman_outcome,
                     c.remedy_payment_pence, bool(c.remedy_apology), bool(c.remedy_service_improvement))
        for c, team in session.execute(
            select(Complaint, Conversation.team_id).outerjoin(Conversation, Conversation.id == Complaint.conversation_id))
    ]
    appeals = [
        AppealRow(team, a.registered_on or london_date(a.created_at), a.appeal_type, a.outcome, a.outcome_on)
        for a, team in session.execute(
            select(Appeal, Conversation.team_id).outerjoin(Conversation, Conversation.id == Appeal.conversation_id))
    ]
    orders = [
        OrderRow(team, o.item, o.due_on, o.complied_on)
        for o, team in session.execute(
            select(AppealOrder, Conversation.team_id).join(Appeal, Appeal.id == AppealOrder.appeal_id)
            .outerjoin(Conversation, Conversation.id == Appeal.conversation_id))
    ]
    facts = count_complaints(complaints)
    facts.update(count_appeals(appeals, orders, today))
    _insert_facts(session, facts)
    session.flush()


def _utc_days(values: Iterable[date | str | None]) -> set[date]:
    """London days a set of database dates may fall on (London is UTC or one hour ahead; a database
    session in another zone shifts a day either way), so a day too many rather than one missed."""
    days: set[date] = set()
    for value in values:
        if value is None:
            continue
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        days.update((day - timedelta(days=1), day, day + timedelta(days=1)))
    return days


def changed_days(session: Session, since: datetime) -> set[date]:
    """Days whose aggregates may have changed since the instant given."""
    received = func.date(Message.received_at)
    days = _utc_days(session.scalars(
        select(received).where(or_(Message.stored_at >= since, Message.processed_at >= since)).distinct()))
    days |= _utc_days(session.scalars(
        select(received).select_from(Message).join(Classification, Classification.message_id == Message.id)
        .where(Classification.created_at >= since).distinct()))
    days |= set(session.scalars(select(Clock.due_on).where(Clock.updated_at >= since,
                                                           Clock.due_on.is_not(None)).distinct()))
    return days


def all_days(session: Session) -> set[date]:
    """Every day that has a message or a clock falling due (for a full rebuild)."""
    days = _utc_days(session.scalars(select(func.date(Message.received_at)).distinct()))
    days |= set(session.scalars(select(Clock.due_on).where(Clock.due_on.is_not(None)).distinct()))
    return days


def read_watermark(session: Session) -> datetime | None:
    state = session.get(InsightState, WATERMARK)
    return datetime.fromisoformat(state.value) if state else None


def refresh_since(session: Session, since: datetime | None = None, *, full: bool = False,
                  now: datetime | None = None) -> RefreshReport:
    """Recompute what changed since the stored watermark (or everything); idempotent. Flushes only."""
    now = now or utcnow()
    if since is None and not full:
        since = read_watermark(session)
    if since is None or full:
        days, since = all_days(session), None
    else:
        days = changed_days(session, since - OVERLAP)
    count = refresh_days(session, days, now)
    refresh_casework(session, now)
    state = session.get(InsightState, WATERMARK) or InsightState(name=WATERMARK, value="")
    state.value = now.isoformat()
    session.add(state)
    session.flush()
    log.info("insight refreshed: %d day(s) since %s", count, since)
    return RefreshReport(days=count, since=since, watermark=now)


def refresh_message_days(session: Session, message_id: int, now: datetime | None = None) -> int:
    """Recompute the day a message was received on, and the days its conversation's clocks fall due."""
    message = session.get(Message, message_id)
    if message is None:
        return 0
    days = {london_date(message.received_at)}
    if message.conversation_id is not None:
        days |= set(session.scalars(select(Clock.due_on).where(
            Clock.conversation_id == message.conversation_id, Clock.due_on.is_not(None))))
    return refresh_days(session, days, now)
