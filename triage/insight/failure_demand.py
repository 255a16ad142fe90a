"""Failure demand: cases that keep chasing us, how long since we wrote, contacts that became complaints."""

from __future__ import annotations

from datetime import timedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.insight.charts import Chart, table_chart, weekly_chart
from triage.insight.filters import DashboardFilters
from triage.models import Case
from triage.models.insight import InsightCaseDay, InsightFact

REPEAT_WINDOW_DAYS = 30
REPEAT_THRESHOLD = 3
TOP_CASES = 50


def repeat_cases(session: Session, filters: DashboardFilters) -> list[list[object]]:
    """Cases with 3+ contacts in the 30 days to the end of the range, most contacts first (top 50)."""
    first = filters.end - timedelta(days=REPEAT_WINDOW_DAYS - 1)
    inbound = func.sum(InsightCaseDay.inbound)
    query = (select(InsightCaseDay.case_id, inbound)
             .where(InsightCaseDay.day.between(first, filters.end))
             .group_by(InsightCaseDay.case_id).having(inbound >= REPEAT_THRESHOLD)
             .order_by(inbound.desc(), InsightCaseDay.case_id).limit(TOP_CASES))
    if filters.team_ids is not None:
        query = query.where(InsightCaseDay.team_id.in_(filters.team_ids))
    found = [(case_id, int(n)) for case_id, n in session.execute(query)]
    if not found:
        return []
    ids = [case_id for case_id, _ in found]
    refs = dict(session.execute(select(Case.id, Case.case_ref).where(Case.id.in_(ids))).all())
    last_out = dict(session.execute(
        select(InsightCaseDay.case_id, func.max(InsightCaseDay.day))
        .where(InsightCaseDay.case_id.in_(ids), InsightCaseDay.outbound > 0, InsightCaseDay.day <= filters.end)
        .group_by(InsightCaseDay.case_id)).all())
    rows = []
    for case_id, n in found:
        wrote = last_out.get(case_id)
        rows.append([refs.get(case_id, f"case {case_id}"), n, wrote.isoformat() if wrote else "never",
                     (filters.end - wrote).days if wrote else None])
    return rows


def failure_demand_charts(session: Session, filters: DashboardFilters, teams: dict[int, str]) -> list[Chart]:
    """The repeat-contact table and chart, and conversations that became complaints per week."""
    rows = repeat_cases(session, filters)
    repeat = table_chart(
        "repeat-cases", f"Cases with {REPEAT_THRESHOLD}+ contacts in the {REPEAT_WINDOW_DAYS} days to {filters.end}",
        ["Case", "Contacts", "We last wrote to the family", "Days since we wrote"], rows, plot=(1, 3),
        links=[{"q": str(r[0]), "status": "all"} for r in rows],
        note="Days since we wrote is blank when the service has never written on the case.",
        empty_message="No case contacted us 3 or more times in those 30 days.",
    )
    query = (select(InsightFact.day, InsightFact.key, func.sum(InsightFact.count))
             .where(InsightFact.metric == "became_complaint", InsightFact.day.between(filters.start, filters.end))
             .group_by(InsightFact.day, InsightFact.key))
    if filters.team_ids is not None:
        query = query.where(InsightFact.team_id.in_(filters.team_ids))
    became = weekly_chart(
        "became-complaints", "Conversations that became complaints, per week", filters.start, filters.end,
        [(d, k, n) for d, k, n in session.execute(query)], names={"conversation": "Became a complaint"},
        link={"conversation": {"kind": "complaint", "status": "all"}}, kind="bar",
        note="Conversations that began as an enquiry or other contact and later brought a complaint.",
    )
    return [repeat, became]
