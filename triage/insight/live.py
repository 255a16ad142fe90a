"""The one live figure: today's backlog of open conversations by age (a small, indexed set)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from triage.db import utcnow
from triage.insight.charts import Chart, table_chart
from triage.models import Conversation
from triage.models.insight import NO_TEAM

OPEN = ("new", "open", "awaiting_family")
AGE_BANDS = ((2, "0–2 days"), (5, "3–5 days"), (10, "6–10 days"), (20, "11–20 days"), (None, "Over 20 days"))


def backlog_chart(session: Session, team_ids: frozenset[int] | None, teams: dict[int, str],
                  now: datetime | None = None) -> Chart:
    """Open conversations per team by days since they arrived, as of now (not the date range)."""
    now = now or utcnow()
    whens = [(Conversation.created_at > now - timedelta(days=days + 1), label)
             for days, label in AGE_BANDS if days is not None]
    band = case(*whens, else_=AGE_BANDS[-1][1])
    query = (select(Conversation.team_id, band, func.count())
             .where(Conversation.status.in_(OPEN)).group_by(Conversation.team_id, band))
    if team_ids is not None:
        query = query.where(Conversation.team_id.in_(team_ids))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for team, label, n in session.execute(query):
        counts[team if team is not None else NO_TEAM][label] += n
    labels = [label for _, label in AGE_BANDS]
    ordered = sorted(counts, key=lambda t: teams.get(t, str(t)))
    rows = [[teams.get(t, str(t)), *[counts[t][b] for b in labels], sum(counts[t].values())] for t in ordered]
    return table_chart(
        "backlog-age", "Open conversations by age, today", ["Team", *labels, "Total"], rows,
        plot=tuple(range(1, len(labels) + 1)), kind="stacked",
        links=[{"team": str(t), "status": "active"} if t != NO_TEAM else None for t in ordered],
        note="As of now, whatever the date range.", empty_message="No open conversations.",
    )
