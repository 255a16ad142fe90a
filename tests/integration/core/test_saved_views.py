"""Saved queue views: normalised filters, who sees which view, counts in the viewer's scope, bad input refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.db import utcnow
from triage.models import Conversation, SavedView, Team, User
from triage.services import saved_views
from triage.services.queue import QueueFilters, Viewer


def _viewer(user: User) -> Viewer:
    return Viewer(user_id=user.id, role=user.role, team_ids=frozenset(user.team_ids))


def _conversation(session: Session, team: str, token: str, *, urgent: bool = False, assignee: User | None = None,
                  status: str = "new") -> Conversation:
    now = utcnow()
    conversation = Conversation(token=token, subject=token, status=status, urgent=urgent, priority=1 if urgent else 3,
                                team=session.scalars(select(Team).where(Team.name == team)).one(),
                                assignee_id=assignee.id if assignee else None, due_at=now + timedelta(days=2),
                                created_at=now, last_activity_at=now)
    session.add(conversation)
    session.flush()
    return conversation


def _views(session: Session) -> list[tuple[int, str, str]]:
    return [(v.owner_user_id, v.name, v.query) for v in session.scalars(select(SavedView).order_by(SavedView.id))]


def test_queries_are_normalised_to_the_queues_filters() -> None:
    assert saved_views.normalise_query("?urgent=1&page=3&partial=1&assignee=none&status=active&topic=&q=+chaser+") == \
        "assignee=none&urgent=1&q=chaser"
    assert saved_views.normalise_query("status=all&topic=appeal&topic=timeliness&evil=<script>") == "status=all&topic=appeal"
    assert saved_views.normalise_query("q=" + "x" * 500) == "q=" + "x" * saved_views.MAX_VALUE_CHARS
    assert saved_views.normalise_query("status=active&page=2") == ""


def test_an_agent_saves_opens_renames_and_deletes_their_own_view(session: Session, make_user) -> None:
    agent = _viewer(make_user("agent@council.example", teams=("Assessment",)))
    view = saved_views.save_view(session, agent, "  Urgent   unassigned ", "urgent=1&assignee=none&page=2")
    assert (view.name, view.query, view.team_id) == ("Urgent unassigned", "assignee=none&urgent=1", None)
    assert saved_views.visible_view(session, agent, view.id) is view

    saved_views.rename_view(session, agent, view.id, "Nobody's urgent")
    assert _views(session) == [(agent.user_id, "Nobody's urgent", "assignee=none&urgent=1")]
    saved_views.rename_view(session, agent, view.id, "NOBODY'S URGENT")  # its own name in new case is no clash
    assert saved_views.delete_view(session, agent, view.id) == "NOBODY'S URGENT"
    assert _views(session) == []


@pytest.mark.parametrize(("name", "query", "message"), [
    ("", "urgent=1", "Enter a name"),
    ("   ", "urgent=1", "Enter a name"),
    ("x" * 200, "urgent=1", "80 characters or fewer (this one has 200)"),
    ("Mine", "urgent=1", "already have a view called 'Mine'"),
    ("mine", "urgent=1", "already have a view called 'mine'"),
    ("Everything", "page=2&status=active", "Choose some filters first"),
])
def test_bad_input_is_refused_and_changes_nothing(session: Session, make_user, name: str, query: str, message: str) -> None:
    agent = _viewer(make_user("agent@council.example", teams=("Assessment",)))
    saved_views.save_view(session, agent, "Mine", "assignee=me")
    before = _views(session)
    with pytest.raises(saved_views.SavedViewError, match=message.replace("(", r"\(").replace(")", r"\)")):
        saved_views.save_view(session, agent, name, query)
    assert _views(session) == before


def test_renaming_to_a_bad_or_taken_name_changes_nothing(session: Session, make_user) -> None:
    agent = _viewer(make_user("agent@council.example", teams=("Assessment",)))
    saved_views.save_view(session, agent, "Mine", "assignee=me")
    other = saved_views.save_view(session, agent, "Overdue", "clock=overdue")
    before = _views(session)
    for name, message in (("", "Enter a name"), ("y" * 200, "80 characters"), ("MINE", "already have a view")):
        with pytest.raises(saved_views.SavedViewError, match=message):
            saved_views.rename_view(session, agent, other.id, name)
        session.refresh(other)
    assert _views(session) == before


def test_nobody_opens_changes_or_deletes_someone_elses_view(session: Session, make_user) -> None:
    owner = _viewer(make_user("owner@council.example", teams=("Assessment",)))
    colleague = _viewer(make_user("colleague@council.example", teams=("Assessment",)))
    admin = _viewer(make_user("admin@council.example", role="admin"))
    view = saved_views.save_view(session, owner, "Mine", "assignee=me")
    for someone in (colleague, admin):
        with pytest.raises(saved_views.ViewNotFound):
            saved_views.visible_view(session, someone, view.id)
        with pytest.raises(saved_views.ViewNotFound):
            saved_views.rename_view(session, someone, view.id, "Taken over")
        with pytest.raises(saved_views.ViewNotFound):
            saved_views.delete_view(session, someone, view.id)
    with pytest.raises(saved_views.ViewNotFound):
        saved_views.delete_view(session, owner, view.id + 1000)  # no such view at all
    assert _views(session) == [(owner.user_id, "Mine", "assignee=me")]
    assert [v.name for v in saved_views.visible_views(session, colleague)] == []


def test_team_leads_share_with_their_own_teams_and_admins_with_any(session: Session, make_user) -> None:
    lead = _viewer(make_user("lead@council.example", role="team_lead", teams=("Assessment",)))
    agent_user = make_user("agent@council.example", teams=("Assessment",))
    agent = _viewer(agent_user)
    placements_agent = _viewer(make_user("placements@council.example", teams=("Placements",)))
    admin = _viewer(make_user("admin@council.example", role="admin"))
    teams = {t.name: t.id for t in session.scalars(select(Team))}

    shared = saved_views.save_view(session, lead, "Team's urgent", "urgent=1", team_id=teams["Assessment"])
    with pytest.raises(saved_views.SavedViewError, match="only with a team you lead"):
        saved_views.save_view(session, lead, "Theirs", "urgent=1", team_id=teams["Placements"])
    with pytest.raises(saved_views.SavedViewError, match="Only team leads and administrators"):
        saved_views.save_view(session, agent, "Mine shared", "urgent=1", team_id=teams["Assessment"])
    with pytest.raises(saved_views.SavedViewError, match="That team does not exist"):
        saved_views.save_view(session, admin, "Nowhere", "urgent=1", team_id=max(teams.values()) + 100)
    saved_views.save_view(session, admin, "Placements overdue", "clock=overdue", team_id=teams["Placements"])
    saved_views.save_view(session, agent, "Mine", "assignee=me")

    assert [v.name for v in saved_views.visible_views(session, agent)] == ["Mine", "Team's urgent"]  # own first
    assert [v.name for v in saved_views.visible_views(session, placements_agent)] == ["Placements overdue"]
    assert saved_views.visible_view(session, agent, shared.id) is shared
    with pytest.raises(saved_views.ViewNotFound):
        saved_views.visible_view(session, placements_agent, shared.id)
    with pytest.raises(saved_views.ViewNotFound):  # a member of the team sees it but cannot change it
        saved_views.rename_view(session, agent, shared.id, "Hijacked")
    assert session.scalar(select(func.count(SavedView.id))) == 3


def test_counts_follow_the_viewers_scope_not_the_owners(session: Session, make_user) -> None:
    lead_user = make_user("lead@council.example", role="team_lead", teams=("Assessment", "Placements"))
    agent_user = make_user("agent@council.example", teams=("Assessment",))
    manager = _viewer(make_user("manager@council.example", role="manager"))
    lead, agent = _viewer(lead_user), _viewer(agent_user)
    _conversation(session, "Assessment", "TRG-SV0001", urgent=True)
    _conversation(session, "Assessment", "TRG-SV0002", urgent=True, assignee=agent_user)
    _conversation(session, "Placements", "TRG-SV0003", urgent=True)
    _conversation(session, "Assessment", "TRG-SV0004", urgent=True, status="resolved")
    _conversation(session, "Assessment", "TRG-SV0005")

    urgent = QueueFilters(urgent_only=True)
    assert saved_views.count_matching(session, lead, urgent) == 3
    assert saved_views.count_matching(session, agent, urgent) == 2  # Placements is not the agent's team
    assert saved_views.count_matching(session, manager, urgent) == 3
    assert saved_views.count_matching(session, agent, QueueFilters(urgent_only=True, status="all")) == 3
    assert saved_views.count_matching(session, agent, QueueFilters(urgent_only=True, status="resolved")) == 1
    assert saved_views.count_matching(session, agent, QueueFilters(assignee="me")) == 1
    assert saved_views.count_matching(session, lead, QueueFilters(assignee="me")) == 0  # "me" is whoever looks
