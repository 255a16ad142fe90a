"""The managers' dashboard, read from the aggregate tables only (never from all messages)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.clocks.kinds import KINDS as CLOCK_KINDS
from triage.insight.alerts import BASELINE_WEEKS, TopicAlert, topic_alerts
from triage.insight.charts import Chart, share, table_chart, week_start, weekly_chart, weeks_between
from triage.insight.failure_demand import failure_demand_charts
from triage.insight.filters import DashboardFilters
from triage.insight.live import backlog_chart
from triage.models import Team
from triage.models.insight import NO_TEAM, InsightContacts, InsightFact, InsightTheme
from triage.nlp.labels import TOPICS


@dataclass
class Dashboard:
    filters: DashboardFilters
    sections: list[tuple[str, list[Chart]]] = field(default_factory=list)
    alerts: list[TopicAlert] = field(default_factory=list)
    themes: list[InsightTheme] = field(default_factory=list)
    total_contacts: int = 0

    def chart(self, chart_id: str) -> Chart | None:
        return next((c for _, charts in self.sections for c in charts if c.id == chart_id), None)


def team_names(session: Session) -> dict[int, str]:
    names = dict(session.execute(select(Team.id, Team.name)).all())
    names[NO_TEAM] = "No team"
    return names


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize() if value else "Not classified"


def _team_filter(query, column, filters: DashboardFilters):  # type: ignore[no-untyped-def]
    return query.where(column.in_(filters.team_ids)) if filters.team_ids is not None else query


def _contacts(session: Session, filters: DashboardFilters, column, *, topic_key: str | None = None,
              urgent_only: bool = False) -> list[tuple[date, object, int]]:
    """(day, group value, contacts) from the contacts aggregate."""
    query = (select(InsightContacts.day, column, func.sum(InsightContacts.contacts))
             .where(InsightContacts.day.between(filters.start, filters.end),
                    InsightContacts.topic == (topic_key or filters.topic_key))
             .group_by(InsightContacts.day, column))
    if urgent_only:
        query = query.where(InsightContacts.urgent.is_(True))
    return [tuple(r) for r in session.execute(_team_filter(query, InsightContacts.team_id, filters))]


def _facts(session: Session, filters: DashboardFilters, metric: str, *, start: date | None = None,
           by_day: bool = False) -> list[tuple]:
    """(team, key, count, total) or with by_day (day, team, key, count, total) for a metric."""
    cols = [InsightFact.day] if by_day else []
    query = (select(*cols, InsightFact.team_id, InsightFact.key, func.sum(InsightFact.count), func.sum(InsightFact.total))
             .where(InsightFact.metric == metric, InsightFact.day.between(start or filters.start, filters.end))
             .group_by(*cols, InsightFact.team_id, InsightFact.key))
    return [tuple(r) for r in session.execute(_team_filter(query, InsightFact.team_id, filters))]


def contact_charts(session: Session, filters: DashboardFilters, teams: dict[int, str]) -> list[Chart]:
    """Contacts per week by topic, kind, channel and team, and urgent contacts."""
    s, e = filters.start, filters.end
    topic_rows = _topic_rows(session, filters)
    charts = [
        weekly_chart("contacts-topic", "Contacts per week by topic", s, e, topic_rows,
                     names={t: _label(t) for t in TOPICS}, link={t: {"topic": t, "status": "all"} for t in TOPICS},
                     kind="line", note="A contact with two topics counts under both."),
        weekly_chart("contacts-kind", "Contacts per week by kind", s, e, _contacts(session, filters, InsightContacts.kind),
                     names={k: _label(k) for k in ("complaint", "enquiry", "tribunal", "other", "")},
                     link={k: _with_topic(filters, {"kind": k, "status": "all"}) for k in ("complaint", "enquiry", "tribunal", "other")}),
        weekly_chart("contacts-channel", "Contacts per week by channel", s, e,
                     _contacts(session, filters, InsightContacts.channel),
                     names={"email": "Email", "form": "Web form", "api": "API", "phone": "Phone"},
                     link={c: _with_topic(filters, {"channel": c, "status": "all"}) for c in ("email", "form", "api", "phone")}),
        weekly_chart("contacts-team", "Contacts per week by team", s, e,
                     [(d, str(t), n) for d, t, n in _contacts(session, filters, InsightContacts.team_id)],
                     names={str(k): v for k, v in teams.items()},
                     link={str(k): _with_topic(filters, {"team": str(k), "status": "all"}) for k in teams if k != NO_TEAM}),
        weekly_chart("contacts-urgent", "Urgent contacts per week", s, e,
                     [(d, "urgent", n) for d, _, n in _contacts(session, filters, InsightContacts.urgent, urgent_only=True)],
                     names={"urgent": "Urgent"}, link={"urgent": _with_topic(filters, {"urgent": "1", "status": "all"})},
                     kind="bar"),
    ]
    return charts


def _topic_rows(session: Session, filters: DashboardFilters) -> list[tuple[date, str, int]]:
    query = (select(InsightContacts.day, InsightContacts.topic, func.sum(InsightContacts.contacts))
             .where(InsightContacts.day.between(filters.start, filters.end),
                    InsightContacts.topic.in_([filters.topic] if filters.topic else TOPICS))
             .group_by(InsightContacts.day, InsightContacts.topic))
    return [tuple(r) for r in session.execute(_team_filter(query, InsightContacts.team_id, filters))]


def _with_topic(filters: DashboardFilters, params: dict[str, str]) -> dict[str, str]:
    return {**params, "topic": filters.topic} if filters.topic else params


def clock_charts(session: Session, filters: DashboardFilters, teams: dict[int, str]) -> list[Chart]:
    """Service promise met per team and over time, backlog by age, statutory clocks met and breached."""
    per_team: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    weekly_met: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for day, team, state, count, _ in _facts(session, filters, "first_reply", by_day=True):
        per_team[team][state] += count
        if state in ("met", "breached", "overdue"):
            weekly_met[week_start(day)][0] += count if state == "met" else 0
            weekly_met[week_start(day)][1] += count
    rows, links = [], []
    for team in sorted(per_team, key=lambda t: teams.get(t, str(t))):
        st = per_team[team]
        late = st["breached"] + st["overdue"]
        rows.append([teams.get(team, str(team)), st["met"], late, share(st["met"], st["met"] + late)])
        links.append({"team": str(team), "status": "all"} if team != NO_TEAM else None)
    first_reply = table_chart("first-reply-team", "First replies within the promise, per team",
                              ["Team", "Within the promise", "Late", "% within"], rows, plot=(1, 2), kind="stacked",
                              links=links, note="Clocks falling due in the period; late includes overdue, not yet answered.")
    weeks = weeks_between(filters.start, filters.end)
    trend = table_chart("first-reply-trend", "First replies within the promise, by week",
                        ["Week", "% within", "Clocks"],
                        [[w.isoformat(), share(*weekly_met[w]), weekly_met[w][1]] for w in weeks if weekly_met[w][1]],
                        plot=(1,), kind="line")
    return [first_reply, trend, backlog_chart(session, filters.team_ids, teams), *statutory_charts(session, filters, teams)]


def statutory_charts(session: Session, filters: DashboardFilters, teams: dict[int, str]) -> list[Chart]:
    """Share of statutory clocks met by type, and breaches by type and team."""
    by_kind: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    breaches: dict[tuple[str, int], int] = defaultdict(int)
    for team, key, count, _ in _facts(session, filters, "statutory"):
        kind, _, state = key.partition("|")
        by_kind[kind][state] += count
        if state in ("breached", "overdue"):
            breaches[(kind, team)] += count
    label = {k: v.label for k, v in CLOCK_KINDS.items()}
    rows = []
    for kind in sorted(by_kind, key=lambda k: label.get(k, k)):
        st = by_kind[kind]
        late = st["breached"] + st["overdue"]
        rows.append([label.get(kind, kind), st["met"], late, st["excepted"], share(st["met"], st["met"] + late)])
    met = table_chart("statutory-met", "Statutory clocks met, by type",
                      ["Clock", "Met", "Breached", "Excepted (reg 10(4))", "% met"], rows, plot=(1, 2), kind="stacked",
                      note="Clocks falling due in the period.")
    b_rows = [[label.get(k, k), teams.get(t, str(t)), n] for (k, t), n in sorted(breaches.items(), key=lambda i: -i[1])]
    b_links = [{"team": str(t), "clock": "overdue", "status": "all"} if t != NO_TEAM else None for (k, t) in
               sorted(breaches, key=lambda i: -breaches[i])]
    chart = table_chart("statutory-breaches", "Statutory breaches by type and team", ["Clock", "Team", "Breaches"],
                        b_rows, plot=(2,), links=b_links, labels=[f"{r[0]} – {r[1]}" for r in b_rows],
                        empty_message="No statutory clock was breached in this period.")
    return [met, chart]


def complaint_charts(session: Session, filters: DashboardFilters, teams: dict[int, str]) -> list[Chart]:
    """Complaints by stage, responses against the code, outcomes, remedies and Ombudsman cases."""
    link = {"kind": "complaint", "status": "all"}
    stage = _sum_by_key(_facts(session, filters, "complaint_opened"))
    stages = [[_label(k), stage[k][0]] for k in ("stage1", "stage2", "ombudsman") if stage.get(k)]
    by_stage = table_chart("complaints-stage", "Complaints opened, by the stage they reached", ["Stage", "Complaints"],
                           stages, links=[link] * len(stages))
    resp = _sum_by_key(_facts(session, filters, "complaint_response"))
    r_rows = []
    for st, code in (("stage1", 10), ("stage2", 20)):
        within, late = resp.get(f"{st}|within", [0, 0]), resp.get(f"{st}|late", [0, 0])
        n = within[0] + late[0]
        if n:
            r_rows.append([f"{_label(st)} (code: {code} working days)", within[0], late[0], share(within[0], n),
                           round((within[1] + late[1]) / n, 1)])
    responses = table_chart("complaints-response", "Complaint responses against the code",
                            ["Stage", "Within the code", "Late", "% within", "Mean working days"], r_rows,
                            plot=(1, 2), kind="stacked")
    out = _sum_by_key(_facts(session, filters, "complaint_outcome"))
    decided = sum(out.get(k, [0])[0] for k in ("upheld", "partly_upheld", "not_upheld"))
    upheld = sum(out.get(k, [0])[0] for k in ("upheld", "partly_upheld"))
    o_rows = [[_label(k), out[k][0]] for k in ("upheld", "partly_upheld", "not_upheld", "withdrawn") if out.get(k)]
    outcomes = table_chart("complaints-outcome", "Complaint outcomes", ["Outcome", "Complaints"], o_rows,
                           note=f"Upheld in whole or part: {share(upheld, decided)}% of {decided} decided." if decided else "")
    rem = _sum_by_key(_facts(session, filters, "complaint_remedy"))
    m_rows = [[_label(k), rem[k][0], f"£{rem[k][1] / 100:,.2f}" if k == "payment" else ""]
              for k in ("payment", "apology", "service_improvement") if rem.get(k)]
    remedies = table_chart("complaints-remedy", "Remedies", ["Remedy", "Complaints", "Paid"], m_rows,
                           note=f"Payments total £{rem['payment'][1] / 100:,.2f}." if rem.get("payment") else "")
    omb = _sum_by_key(_facts(session, filters, "ombudsman"))
    b_rows = [["Referred to the Ombudsman", omb["referred"][0]]] if omb.get("referred") else []
    b_rows += [[f"Ombudsman decided: {_label(k.split('|', 1)[1]).lower()}", v[0]]
               for k, v in sorted(omb.items()) if k.startswith("decided|")]
    ombudsman = table_chart("ombudsman", "Ombudsman cases", ["", "Cases"], b_rows)
    return [by_stage, responses, outcomes, remedies, ombudsman]


def tribunal_charts(session: Session, filters: DashboardFilters, teams: dict[int, str]) -> list[Chart]:
    """Appeals by type, outcomes, and Tribunal orders complied with on time."""
    link = {"topic": "appeal", "status": "all"}
    types = _sum_by_key(_facts(session, filters, "appeal_type"))
    t_rows = [[_label(k), v[0]] for k, v in sorted(types.items(), key=lambda i: -i[1][0])]
    outs = _sum_by_key(_facts(session, filters, "appeal_outcome"))
    o_rows = [[_label(k), v[0]] for k, v in sorted(outs.items(), key=lambda i: -i[1][0])]
    orders: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, (count, _) in _sum_by_key(_facts(session, filters, "order")).items():
        item, _, state = key.partition("|")
        orders[item][state] += int(count)
    r_rows = [[_label(i), o["on_time"], o["late"], o["overdue"], o["pending"],
               share(o["on_time"], o["on_time"] + o["late"] + o["overdue"])] for i, o in sorted(orders.items())]
    return [
        table_chart("appeals-type", "Appeals registered, by type", ["Type", "Appeals"], t_rows, links=[link] * len(t_rows)),
        table_chart("appeals-outcome", "Appeal outcomes", ["Outcome", "Appeals"], o_rows, links=[link] * len(o_rows)),
        table_chart("orders", "Tribunal orders complied with on time (orders falling due in the period)",
                    ["Order", "On time", "Late", "Overdue", "Not yet due", "% on time"], r_rows, plot=(1, 2, 3),
                    kind="stacked"),
    ]


def _sum_by_key(facts: list[tuple]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for _, key, count, total in facts:
        out[key][0] += count
        out[key][1] += total or 0
    return dict(out)


def alerts_for(session: Session, filters: DashboardFilters) -> list[TopicAlert]:
    """Topic alerts for the last full or partial week of the range, against the 8 weeks before."""
    last = week_start(filters.end)
    first = last - timedelta(weeks=BASELINE_WEEKS)
    weeks = weeks_between(first, filters.end)
    window = DashboardFilters(first, filters.end, filters.team_ids, filters.topic)
    weekly: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    for day, topic, n in _topic_rows(session, window):
        weekly[topic][(week_start(day) - first).days // 7] += int(n)
    return topic_alerts(weekly, [w.isoformat() for w in weeks])


def latest_themes(session: Session, filters: DashboardFilters) -> list[InsightTheme]:
    """The newest themes run whose period overlaps the range."""
    run = session.scalars(
        select(InsightTheme.run_id).where(InsightTheme.period_start <= filters.end, InsightTheme.period_end >= filters.start)
        .order_by(InsightTheme.computed_at.desc(), InsightTheme.id.desc()).limit(1)).first()
    if run is None:
        return []
    return list(session.scalars(select(InsightTheme).where(InsightTheme.run_id == run).order_by(InsightTheme.rank)))


def build_dashboard(session: Session, filters: DashboardFilters) -> Dashboard:
    """Every section of the dashboard for the filters."""
    teams = team_names(session)
    contacts = contact_charts(session, filters, teams)
    dash = Dashboard(filters=filters)
    dash.total_contacts = int(sum(r[-1] for r in contacts[1].rows))
    dash.sections = [
        ("Contacts", contacts),
        ("Service clocks", clock_charts(session, filters, teams)),
        ("Complaints", complaint_charts(session, filters, teams)),
        ("Tribunal", tribunal_charts(session, filters, teams)),
        ("Failure demand", failure_demand_charts(session, filters, teams)),
    ]
    dash.alerts = alerts_for(session, filters)
    dash.themes = latest_themes(session, filters)
    return dash
