"""Saved queue views: save the queue's filters under a name, open, rename and delete them.

The queue page shows them through `{% include "saved_views/_list.html" %}`; the partial asks the
`saved_views_panel()` callable this blueprint puts in every template's context, so the queue's own
view needs no change and the counts are only worked out on pages that include the list.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from triage.services import saved_views
from triage.services.queue import all_teams
from web.access import current_viewer, protect_blueprint
from web.blueprints.saved_views.panel import Panel, build_panel, describe, view_links
from web.database import db

bp = Blueprint("saved_views", __name__, url_prefix="/views")
protect_blueprint(bp)  # any member of staff keeps views; sharing is checked by role in the service


@bp.app_context_processor
def _panel_callable() -> dict[str, Callable[[], Panel]]:
    return {"saved_views_panel": lambda: build_panel(current_viewer())}


def _to_queue(query: str) -> Response:
    return redirect(url_for("queue.index") + ("?" + query if query else ""), 303)


@bp.route("/")
def index() -> str:
    """The viewer's views and those shared with their teams, with counts; rename and delete here."""
    viewer = current_viewer()
    links = view_links(viewer, saved_views.visible_views(db(), viewer))
    team_names = {team.id: team.name for team in all_teams(db())}
    return render_template("saved_views/index.html", links=links,
                           described={link.id: describe(link.query, team_names) for link in links},
                           max_name=saved_views.MAX_NAME_CHARS)


@bp.route("/", methods=["POST"])
def create() -> Response:
    """Save the filters the queue was showing under a name; back to the queue either way."""
    query = saved_views.normalise_query(request.form.get("query", ""))
    team = request.form.get("team", "")
    try:
        view = saved_views.save_view(db(), current_viewer(), request.form.get("name", ""), query,
                                     team_id=int(team) if team.isdigit() else None)
    except saved_views.SavedViewError as error:
        flash(f"The view was not saved: {error}", "error")
        return _to_queue(query)
    shared = f", shared with {view.team.name}" if view.team else ""
    flash(f"Saved the view {view.name!r}{shared}.", "success")
    return _to_queue(view.query)


@bp.route("/<int:view_id>")
def open_view(view_id: int) -> Response:
    """The queue with the view's filters."""
    try:
        view = saved_views.visible_view(db(), current_viewer(), view_id)
    except saved_views.ViewNotFound:
        abort(404)
    return _to_queue(view.query)


@bp.route("/<int:view_id>/rename", methods=["POST"])
def rename(view_id: int) -> Response:
    """Rename one of the viewer's own views."""
    try:
        view = saved_views.rename_view(db(), current_viewer(), view_id, request.form.get("name", ""))
    except saved_views.SavedViewError as error:
        flash(f"The view was not renamed: {error}", "error")
    else:
        flash(f"Renamed the view to {view.name!r}.", "success")
    return redirect(url_for("saved_views.index"), 303)


@bp.route("/<int:view_id>/delete", methods=["POST"])
def delete(view_id: int) -> Response:
    """Delete one of the viewer's own views."""
    try:
        name = saved_views.delete_view(db(), current_viewer(), view_id)
    except saved_views.SavedViewError as error:
        flash(f"Nothing was deleted: {error}", "error")
    else:
        flash(f"Deleted the view {name!r}.", "success")
    return redirect(url_for("saved_views.index"), 303)
