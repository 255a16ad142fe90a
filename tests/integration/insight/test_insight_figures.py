"""Each dashboard figure computed from the known dataset, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select, update

from tests.integration.insight.insight_dataset import END, NOW, START, add_message, at, build
from triage.insight.charts import chart_csv
from triage.insight.dashboard import build_dashboard
from triage.insight.filters import DashboardFilters
from triage.models import Clock, InsightCaseDay, InsightContacts, InsightFact
from triage.services.insight import read_watermark, refresh_since


def _rows(dash, chart_id):
    return dash.chart(chart_id).rows


def test_every_figure_from_the_known_dataset(session):
    data = build(session)
    refresh_since(session, full=True, now=NOW)
    dash = build_dashboard(session, DashboardFilters(START, END, frozenset({data.team_a.id, data.team_b.id})))

    assert _rows(dash, "contacts-topic") == [["Timeliness", 2, 1, 3], ["Communication", 1, 0, 1], ["School place", 1, 0, 1]]
    assert _rows(dash, "contacts-kind") == [["Enquiry", 2, 1, 3], ["Complaint", 1, 0, 1]]
    assert _rows(dash, "contacts-channel") == [["Email", 2, 1, 3], ["Web form", 1, 0, 1]]
    assert _rows(dash, "contacts-team") == [["Insight A", 2, 1, 3], ["Insight B", 1, 0, 1]]
    assert _rows(dash, "contacts-urgent") == [["Urgent", 1, 0, 1]]
    assert dash.total_contacts == 4
    assert dash.chart("contacts-team").links == [{"team": str(data.team_a.id), "status": "all"},
                                                 {"team": str(data.team_b.id), "status": "all"}]

    assert _rows(dash, "first-reply-team") == [["Insight A", 1, 1, 50.0], ["Insight B", 0, 1, 0.0]]
    assert _rows(dash, "first-reply-trend") == [["2025-01-06", 50.0, 2], ["2025-01-13", 0.0, 1]]
    assert _rows(dash, "statutory-met") == [["Decision whether to assess (6 weeks)", 0, 1, 0, 0.0],
                                            ["Final EHC plan (20 weeks)", 1, 0, 0, 100.0]]
    assert _rows(dash, "statutory-breaches") == [["Decision whether to assess (6 weeks)", "Insight A", 1]]

    assert _rows(dash, "complaints-stage") == [["Stage2", 1], ["Ombudsman", 1]]
    assert _rows(dash, "complaints-response") == [["Stage1 (code: 10 working days)", 1, 0, 100.0, 5.0],
                                                  ["Stage2 (code: 20 working days)", 1, 0, 100.0, 2.0]]
    assert _rows(dash, "complaints-outcome") == [["Upheld", 2]]
    assert "100.0% of 2 decided" in dash.chart("complaints-outcome").note
    assert _rows(dash, "complaints-remedy") == [["Payment", 1, "£250.00"], ["Apology", 1, ""]]
    assert _rows(dash, "ombudsman") == [["Referred to the Ombudsman", 1], ["Ombudsman decided: upheld", 1]]

    assert _rows(dash, "appeals-type") == [["Contents i", 1]]
    assert _rows(dash, "appeals-outcome") == [["Allowed part", 1]]
    assert _rows(dash, "orders") == [["Amend bf", 0, 0, 1, 0, 0.0], ["Amend i", 1, 0, 0, 0, 100.0]]

    assert _rows(dash, "repeat-cases") == [["SEN700001", 3, "2025-01-09", 10]]
    assert dash.chart("repeat-cases").links == [{"q": "SEN700001", "status": "all"}]
    assert _rows(dash, "became-complaints") == [["Became a complaint", 1, 0, 1]]
    assert chart_csv(dash.chart("contacts-kind")).splitlines() == [
        ",w/c 2025-01-06,w/c 2025-01-13,Total", "Enquiry,2,1,3", "Complaint,1,0,1"]


def test_team_and_topic_filters_and_an_empty_range(session):
    data = build(session)
    refresh_since(session, full=True, now=NOW)
    only_b = build_dashboard(session, DashboardFilters(START, END, frozenset({data.team_b.id})))
    assert _rows(only_b, "contacts-team") == [["Insight B", 1, 0, 1]]
    assert _rows(only_b, "repeat-cases") == []
    by_topic = build_dashboard(session, DashboardFilters(START, END, None, "timeliness"))
    assert _rows(by_topic, "contacts-kind") == [["Enquiry", 1, 1, 2], ["Complaint", 1, 0, 1]]
    assert _rows(by_topic, "contacts-topic") == [["Timeliness", 2, 1, 3]]
    empty = build_dashboard(session, DashboardFilters(date(2024, 6, 3), date(2024, 6, 30), frozenset({data.team_a.id})))
    assert empty.total_contacts == 0
    for name, charts in empty.sections:
        for chart in charts:
            if chart.id != "backlog-age":  # today's backlog ignores the range
                assert chart.empty, (name, chart.id, chart.rows)


def test_refresh_is_idempotent_and_follows_the_watermark(session):
    data = build(session)
    session.execute(update(Clock).values(updated_at=NOW - timedelta(days=1)))
    refresh_since(session, full=True, now=NOW)

    def snapshot():
        return (sorted(session.execute(select(InsightContacts.day, InsightContacts.team_id, InsightContacts.topic,
                                              InsightContacts.kind, InsightContacts.channel, InsightContacts.contacts))),
                session.scalar(select(func.count()).select_from(InsightFact)),
                session.scalar(select(func.count()).select_from(InsightCaseDay)))

    first = snapshot()
    refresh_since(session, full=True, now=NOW)
    assert snapshot() == first
    assert read_watermark(session) == NOW

    later = NOW + timedelta(hours=1)
    message = add_message(session, data.conversations["X3"], 7, at(15), ["appeal"], "enquiry")
    message.stored_at = message.processed_at = later
    session.flush()
    report = refresh_since(session, now=later + timedelta(minutes=1))
    assert report.days == 3  # the new message's day and its neighbours, not the whole history
    dash = build_dashboard(session, DashboardFilters(START, END))
    assert ["Appeal", 0, 1, 1] in dash.chart("contacts-topic").rows
    assert dash.chart("repeat-cases").rows[0][:2] == ["SEN700001", 4]
