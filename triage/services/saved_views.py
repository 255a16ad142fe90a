"""Saved queue views: save the queue's filters under a name, list them with live counts, rename, delete.

Who sees what: everyone on the staff keeps their own views (saving a view changes no casework, so
read-only managers may keep them too). A team lead may share a view with one of their own teams and
an administrator with any team; the team's members then see it in their list, counted in *their*
scope (a shared "Mine" counts each agent's own conversations). Only the owner renames or deletes.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from triage.models import SavedView, Team
from triage.services.queue import QueueFilters, Viewer, status_counts

# The queue's query-string parameters that are filters (page and partial are not).
FILTER_KEYS = ("status", "topic", "kind", "team", "assignee", "link_status", "clock", "language", "channel",
               "urgent", "q")
DEFAULT_STATUS = "active"  # what the queue shows without a status, so "status=active" adds nothing
MAX_NAME_CHARS = 80
MAX_VALUE_CHARS = 200
MAX_VIEWS_PER_OWNER = 25  # every view is counted on each queue page load
SHARING_ROLES = ("team_lead", "admin")


class SavedViewError(ValueError):
    """A request about saved views that cannot be met; the message says why, for the person."""


class ViewNotFound(SavedViewError):
    """No such view among those this person owns (or may see): never says which."""


def normalise_query(query: str) -> str:
    """The filters in a queue query string, in one canonical form: known keys, first value, no blanks."""
    values: dict[str, str] = {}
    for key, value in parse_qsl(query.lstrip("?"), keep_blank_values=False):
        value = value.strip()[:MAX_VALUE_CHARS]
        if key in FILTER_KEYS and value and key not in values:
            values[key] = value
    if values.get("status") == DEFAULT_STATUS:
        del values["status"]
    return urlencode([(key, values[key]) for key in FILTER_KEYS if key in values])


def visible_views(session: Session, viewer: Viewer) -> list[SavedView]:
    """The viewer's own views, then views shared with their teams, each group by name."""
    shared = SavedView.team_id.in_(sorted(viewer.team_ids)) if viewer.team_ids else False
    stmt = (
        select(SavedView)
        .where(or_(SavedView.owner_user_id == viewer.user_id, shared))
        .options(selectinload(SavedView.team), selectinload(SavedView.owner))
        .order_by((SavedView.owner_user_id != viewer.user_id), func.lower(SavedView.name), SavedView.id)
    )
    return list(session.scalars(stmt))


def visible_view(session: Session, viewer: Viewer, view_id: int) -> SavedView:
    """One view the viewer owns or that is shared with one of their teams; ViewNotFound otherwise."""
    view = session.get(SavedView, view_id)
    if view is None or not (view.owner_user_id == viewer.user_id or view.team_id in viewer.team_ids):
        raise ViewNotFound("That saved view does not exist or is not shared with you.")
    return view


def count_matching(session: Session, viewer: Viewer, filters: QueueFilters, now: datetime | None = None) -> int:
    """How many conversations the viewer's queue holds under these filters (their scope, not the owner's)."""
    return status_counts(session, viewer, filters, now).get(filters.status, 0)


def _own_view(session: Session, viewer: Viewer, view_id: int) -> SavedView:
    view = session.get(SavedView, view_id)
    if view is None or view.owner_user_id != viewer.user_id:
        raise ViewNotFound("That saved view does not exist or is not yours to change.")
    return view


def _checked_name(session: Session, viewer: Viewer, name: str, *, except_id: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise SavedViewError("Enter a name for the view.")
    if len(name) > MAX_NAME_CHARS:
        raise SavedViewError(f"The name must be {MAX_NAME_CHARS} characters or fewer (this one has {len(name)}).")
    clash = session.scalar(select(SavedView.id).where(SavedView.owner_user_id == viewer.user_id,
                                                       func.lower(SavedView.name) == name.lower()))
    if clash is not None and clash != except_id:
        raise SavedViewError(f"You already have a view called {name!r}; choose another name.")
    return name


def _checked_team(session: Session, viewer: Viewer, team_id: int | None) -> int | None:
    if team_id is None:
        return None
    if viewer.role not in SHARING_ROLES:
        raise SavedViewError("Only team leads and administrators share views with a team.")
    if session.get(Team, team_id) is None:
        raise SavedViewError("That team does not exist; choose another to share with.")
    if viewer.role != "admin" and team_id not in viewer.team_ids:
        raise SavedViewError("You can share a view only with a team you lead.")
    return team_id


def save_view(session: Session, viewer: Viewer, name: str, query: str, *, team_id: int | None = None) -> SavedView:
    """Save the queue's current filters under a name (optionally shared with a team); flushes, never commits."""
    name = _checked_name(session, viewer, name)
    normalised = normalise_query(query)
    if not normalised:
        raise SavedViewError("Choose some filters first: a view without filters is the whole queue.")
    team_id = _checked_team(session, viewer, team_id)
    owned = session.scalar(select(func.count(SavedView.id)).where(SavedView.owner_user_id == viewer.user_id)) or 0
    if owned >= MAX_VIEWS_PER_OWNER:
        raise SavedViewError(f"You have {owned} saved views, the most allowed; delete one first.")
    view = SavedView(owner_user_id=viewer.user_id, team_id=team_id, name=name, query=normalised)
    session.add(view)
    session.flush()
    return view


def rename_view(session: Session, viewer: Viewer, view_id: int, name: str) -> SavedView:
    """Give one of the viewer's own views a new name."""
    view = _own_view(session, viewer, view_id)
    view.name = _checked_name(session, viewer, name, except_id=view.id)
    session.flush()
    return view


def delete_view(session: Session, viewer: Viewer, view_id: int) -> str:
    """Delete one of the viewer's own views (for its team too, if shared); returns its name."""
    view = _own_view(session, viewer, view_id)
    session.delete(view)
    session.flush()
    return view.name
