"""The queue: the agent's teams' conversations, most urgent first, filtered and paged."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from triage.models.conversation import LINK_STATUSES, STATUSES
from triage.nlp.labels import KINDS, TOPICS
from triage.services.queue import CLOCK_STATES, QueueFilters, list_queue, visible_teams
from web.access import current_viewer, protect_blueprint
from web.database import db

bp = Blueprint("queue", __name__)
protect_blueprint(bp)

PER_PAGE = 50
# Quick views: name -> the filters they set (shown as links with their own counts in the page).
VIEWS = {
    "mine": {"assignee": "me"},
    "unassigned": {"assignee": "none"},
    "urgent": {"urgent": "1"},
    "overdue": {"clock": "overdue"},
    "needs_link": {"link_status": "suggested"},
}


def _choice(args: MultiDict, name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    value = args.get(name, "").strip()
    return value if value in allowed else None


def parse_filters(args: MultiDict) -> QueueFilters:
    """Filters from the query string; unknown values are ignored rather than failing the page."""
    team = args.get("team", "")
    assignee = args.get("assignee", "").strip()
    return QueueFilters(
        topic=_choice(args, "topic", TOPICS),
        kind=_choice(args, "kind", KINDS),
        status=_choice(args, "status", ("active", "all", *STATUSES)) or "active",
        team_id=int(team) if team.isdigit() else None,
        assignee=assignee if assignee in ("me", "none") or assignee.isdigit() else None,
        link_status=_choice(args, "link_status", LINK_STATUSES),
        clock=_choice(args, "clock", CLOCK_STATES),
        language=(args.get("language", "").strip().lower()[:12] or None),
        urgent_only=args.get("urgent") == "1",
        search=args.get("q", "").strip()[:200],
    )


@bp.route("/")
def home() -> Response:
    return redirect(url_for("queue.index"))


@bp.route("/queue")
def index() -> str:
    """The queue page (or, with ?partial=1, just its table for the live refresh)."""
    filters = parse_filters(request.args)
    page_number = request.args.get("page", "1")
    page = list_queue(db(), current_viewer(), filters,
                      page=int(page_number) if page_number.isdigit() else 1, per_page=PER_PAGE)
    args = {k: v for k, v in request.args.items() if k not in ("page", "partial") and v}
    template = "queue/_table.html" if request.args.get("partial") == "1" else "queue/index.html"
    return render_template(
        template, page=page, filters=filters, args=args, topics=TOPICS, kinds=KINDS, statuses=STATUSES,
        link_statuses=LINK_STATUSES, clock_states=CLOCK_STATES, teams=visible_teams(db(), current_viewer()),
        views=VIEWS,
    )
