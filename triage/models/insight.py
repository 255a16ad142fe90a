"""Managers' insight: daily aggregates kept up to date by jobs, and computed complaint themes.

The dashboard reads only these tables; each row is recomputed whole for its day (delete and
insert in one transaction), so refreshing a day twice gives the same rows.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triage.db import Base, JSONType, UTCDateTime, utcnow

# The topic value of the one row per message that counts it once, whatever its topics.
ALL_TOPICS = "*"
NO_TEAM = 0  # messages and clocks with no team (kept as 0 so the unique key has no NULLs)


class InsightContacts(Base):
    """Inbound contacts received on a London day, by team, topic, kind, channel and urgency."""

    __tablename__ = "insight_contacts"
    __table_args__ = (
        UniqueConstraint("day", "team_id", "topic", "kind", "channel", "urgent", name="uq_insight_contacts_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(Integer, default=NO_TEAM)
    topic: Mapped[str] = mapped_column(String(40))  # ALL_TOPICS, or one topic (a message counts once per topic)
    kind: Mapped[str] = mapped_column(String(20), default="")
    channel: Mapped[str] = mapped_column(String(12))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    contacts: Mapped[int] = mapped_column(Integer, default=0)


# Every dashboard read is "this topic row (or these), these days": on PostgreSQL an index-only scan.
Index("ix_insight_contacts_topic_day", InsightContacts.topic, InsightContacts.day, InsightContacts.team_id,
      postgresql_include=["kind", "channel", "urgent", "contacts"])


class InsightFact(Base):
    """A counted figure for a day and team: clocks by state, complaints, appeals, orders, escalations."""

    __tablename__ = "insight_facts"
    __table_args__ = (UniqueConstraint("day", "team_id", "metric", "key", name="uq_insight_facts_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(Integer, default=NO_TEAM)
    metric: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(80))
    count: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[float] = mapped_column(Float, default=0.0)  # a sum to average or add up (days, pence)


Index("ix_insight_facts_metric_day", InsightFact.metric, InsightFact.day)


class InsightCaseDay(Base):
    """Contacts in and letters out for one case on one day: repeat contacts and silence since we wrote."""

    __tablename__ = "insight_case_days"
    __table_args__ = (UniqueConstraint("day", "case_id", "team_id", name="uq_insight_case_days_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    team_id: Mapped[int] = mapped_column(Integer, default=NO_TEAM)
    inbound: Mapped[int] = mapped_column(Integer, default=0)
    outbound: Mapped[int] = mapped_column(Integer, default=0)


Index("ix_insight_case_days_day", InsightCaseDay.day, InsightCaseDay.case_id,
      postgresql_include=["team_id", "inbound", "outbound"])


class InsightState(Base):
    """Bookkeeping for the refresh: the watermark up to which changes are aggregated."""

    __tablename__ = "insight_state"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class InsightTheme(Base):
    """One cluster of complaint text over a period, from one themes run (the page shows the latest)."""

    __tablename__ = "insight_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(String(40), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    rank: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(200))
    terms: Mapped[list[str]] = mapped_column(JSONType, default=list)
    size: Mapped[int] = mapped_column(Integer)
    # [[week start ISO, count], ...] over the period, oldest first.
    weekly: Mapped[list[list]] = mapped_column(JSONType, default=list)
    trend: Mapped[str] = mapped_column(String(20))  # rising, falling, steady, new
    quotes: Mapped[list[dict]] = mapped_column(JSONType, default=list)  # [{"text", "received_on", "message_id"}]
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
