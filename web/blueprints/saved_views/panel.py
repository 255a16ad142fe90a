"""What the saved-views partial shows: each visible view with its live count, and the filters in force."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from flask import request, url_for
from werkzeug.datastructures import MultiDict

from triage.db import utcnow
from triage.models import SavedView, Team
from triage.services import saved_views
from triage.services.queue import Viewer, all_teams
from web.database import db
from web.queue_filters import parse_filters

FILTER_LABELS = {"status": "Status", "topic": "Topic", "kind": "Kind", "team": "Team", "assignee": "Assignee",
                 "link_status": "Case link", "clock": "Clock", "language": "Language", "channel": "Came by",
                 "urgent": "Urgent only", "q": "Search"}


@dataclass(frozen=True)
class ViewLink:
    id: int
    name: str
    query: str
    count: int
    href: str
    mine: bool
    owner_name: str
    team_name: str | None
    current: bool  # the queue is showing exactly this view's filters


@dataclass(frozen=True)
class Panel:
    views: list[ViewLink]
    current_query: str  # the filters in force now, normalised: what "Save" would keep
    share_teams: list[Team]  # teams the viewer may share a view with (none for agents and managers)


def view_links(viewer: Viewer, views: list[SavedView], current_query: str = "") -> list[ViewLink]:
    """Each view with the number of conversations it holds for this viewer, counted now."""
    now = utcnow()
    links = []
    for view in views:
        filters = parse_filters(MultiDict(parse_qsl(view.query)))
        links.append(ViewLink(
            id=view.id, name=view.name, query=view.query,
            count=saved_views.count_matching(db(), viewer, filters, now),
            href=url_for("queue.index") + "?" + view.query, mine=view.owner_user_id == viewer.user_id,
            owner_name=view.owner.name or view.owner.email, team_name=view.team.name if view.team else None,
            current=view.query == current_query,
        ))
    return links


def share_teams(viewer: Viewer) -> list[Team]:
    """Teams this viewer may share a view with: their own for a team lead, every team for an admin."""
    if viewer.role not in saved_views.SHARING_ROLES:
        return []
    teams = all_teams(db())
    return teams if viewer.role == "admin" else [t for t in teams if t.id in viewer.team_ids]


def build_panel(viewer: Viewer) -> Panel:
    """The partial's data for the signed-in viewer and the request's filters."""
    current = saved_views.normalise_query(request.query_string.decode("utf-8", "replace"))
    return Panel(views=view_links(viewer, saved_views.visible_views(db(), viewer), current),
                 current_query=current, share_teams=share_teams(viewer))


def describe(query: str, team_names: dict[int, str]) -> list[tuple[str, str]]:
    """A view's filters as (label, value) pairs a person can read."""
    described = []
    for key, value in parse_qsl(query):
        if key == "team" and value.isdigit():
            value = team_names.get(int(value), f"team {value}")
        elif key == "urgent":
            value = "yes" if value == "1" else value
        elif key == "assignee":
            value = {"me": "me", "none": "nobody"}.get(value, value)
        described.append((FILTER_LABELS.get(key, key), value.replace("_", " ")))
    return described
