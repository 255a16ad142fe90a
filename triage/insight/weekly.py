"""The weekly summary for managers: last week against the week before, alerts, clocks, complaints, themes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.insight.alerts import TopicAlert
from triage.insight.charts import share
from triage.insight.dashboard import Dashboard, build_dashboard
from triage.insight.filters import DashboardFilters
from triage.models import User


@dataclass(frozen=True)
class WeeklySummary:
    week_start: date
    week_end: date
    contacts: int
    contacts_before: int
    by_topic: list[tuple[str, int, int]]  # topic label, this week, the week before
    urgent: int
    first_reply_share: float | None
    statutory_breaches: int
    complaints_opened: int
    complaints_upheld_note: str
    appeals_registered: int
    repeat_cases: int
    alerts: list[TopicAlert] = field(default_factory=list)
    themes: list[tuple[str, int, str]] = field(default_factory=list)  # label, size, trend


def _week(dash: Dashboard, chart_id: str) -> dict[str, int]:
    """The first (only) week's total per row of a weekly chart."""
    chart = dash.chart(chart_id)
    return {str(row[0]): int(row[-1]) for row in chart.rows} if chart else {}


def _column_sum(dash: Dashboard, chart_id: str, column: int) -> int:
    chart = dash.chart(chart_id)
    return int(sum(row[column] or 0 for row in chart.rows)) if chart else 0


def last_full_week(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week before today's week."""
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=1)
    return monday, monday + timedelta(days=6)


def weekly_summary(session: Session, today: date, team_ids: frozenset[int] | None = None) -> WeeklySummary:
    """The summary of the last full week before today (Monday to Sunday), against the week before it."""
    start, end = last_full_week(today)
    this = build_dashboard(session, DashboardFilters(start, end, team_ids))
    before = build_dashboard(session, DashboardFilters(start - timedelta(weeks=1), start - timedelta(days=1), team_ids))
    now_topics, then_topics = _week(this, "contacts-topic"), _week(before, "contacts-topic")
    by_topic = sorted(((t, now_topics.get(t, 0), then_topics.get(t, 0)) for t in {*now_topics, *then_topics}),
                      key=lambda r: (-r[1], r[0]))
    met = _column_sum(this, "first-reply-team", 1)
    late = _column_sum(this, "first-reply-team", 2)
    return WeeklySummary(
        week_start=start, week_end=end, contacts=this.total_contacts, contacts_before=before.total_contacts,
        by_topic=by_topic, urgent=sum(_week(this, "contacts-urgent").values()),
        first_reply_share=share(met, met + late), statutory_breaches=_column_sum(this, "statutory-breaches", 2),
        complaints_opened=_column_sum(this, "complaints-stage", 1),
        complaints_upheld_note=this.chart("complaints-outcome").note if this.chart("complaints-outcome") else "",
        appeals_registered=_column_sum(this, "appeals-type", 1),
        repeat_cases=len(this.chart("repeat-cases").rows) if this.chart("repeat-cases") else 0,
        alerts=this.alerts, themes=[(t.label, t.size, t.trend) for t in this.themes[:5]],
    )


def manager_emails(session: Session) -> list[str]:
    """Addresses of the active managers: the weekly report's recipients."""
    return list(session.scalars(select(User.email).where(User.role == "manager", User.active.is_(True))
                                .order_by(User.email)))
