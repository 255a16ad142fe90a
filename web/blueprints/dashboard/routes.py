"""The managers' dashboard: trends read from the insight aggregates, each chart with its table and CSV."""

from __future__ import annotations

import json
from datetime import date, timedelta

from flask import Blueprint, Response, abort, render_template, request
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from triage.clocks.calendar import london_date
from triage.db import utcnow
from triage.insight.charts import chart_csv
from triage.insight.dashboard import build_dashboard
from triage.insight.filters import DashboardFilters
from triage.insight.report import report_html
from triage.insight.weekly import weekly_summary
from triage.nlp.labels import TOPICS
from triage.services.queue import visible_teams
from web.access import protect_blueprint, staff
from web.database import db

bp = Blueprint("dashboard", __name__)
protect_blueprint(bp, "manager", "admin", "team_lead")

DEFAULT_WEEKS = 12
MAX_DAYS = 3 * 366  # a longer range is cut to this, so one request cannot ask for decades


def _day(args: MultiDict, name: str) -> date | None:
    try:
        return date.fromisoformat(args.get(name, "").strip())
    except ValueError:
        return None


def parse_filters(args: MultiDict) -> tuple[DashboardFilters, list[str]]:
    """Filters from the query string, with the problems found (bad values fall back to defaults)."""
    problems: list[str] = []
    today = london_date(utcnow())
    end = _day(args, "to") or today
    start = _day(args, "from") or end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
    if args.get("from") and _day(args, "from") is None or args.get("to") and _day(args, "to") is None:
        problems.append("A date was not in the form YYYY-MM-DD, so the default was used.")
    if start > end:
        problems.append("The start date was after the end date, so they were swapped.")
        start, end = end, start
    if (end - start).days > MAX_DAYS:
        start = end - timedelta(days=MAX_DAYS)
        problems.append("The range was longer than three years, so it starts later.")
    user = staff()
    team = args.get("team", "")
    if user.role == "team_lead":
        # Team leads see only their teams, whatever the query string says.
        chosen = int(team) if team.isdigit() and int(team) in user.team_ids else None
        team_ids: frozenset[int] | None = frozenset({chosen}) if chosen else frozenset(user.team_ids)
    else:
        team_ids = frozenset({int(team)}) if team.isdigit() else None
    topic = args.get("topic", "")
    return DashboardFilters(start, end, team_ids, topic if topic in TOPICS else None), problems


@bp.route("/dashboard")
def index() -> Response | str:
    """The dashboard page, or one chart's table as CSV with ?format=csv&chart=ID."""
    filters, problems = parse_filters(request.args)
    dash = build_dashboard(db(), filters)
    if request.args.get("format") == "csv":
        chart = dash.chart(request.args.get("chart", ""))
        if chart is None:
            abort(404)
        name = f"{chart.id}_{filters.start}_{filters.end}.csv"
        return Response(chart_csv(chart), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    args = {k: v for k, v in request.args.items() if k in ("from", "to", "team", "topic") and v}
    return render_template(
        "dashboard/index.html", dash=dash, filters=filters, problems=problems, args=args, topics=TOPICS,
        teams=visible_teams(db(), staff().viewer), chart_json=lambda c: json.dumps(c.to_json()),
        team_value=request.args.get("team", ""),
    )


@bp.route("/dashboard/report")
def report() -> str:
    """The weekly report as a printable page (the same summary the managers' email carries)."""
    filters, _ = parse_filters(request.args)
    summary = weekly_summary(db(), filters.end + timedelta(days=7), filters.team_ids)
    # report_html escapes every value it writes, so its output is safe to place as markup.
    return render_template("dashboard/report.html", report_html=Markup(report_html(summary)))
