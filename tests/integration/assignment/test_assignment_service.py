"""Assignment within a team: round robin, least loaded, availability, auto-assign; on real sessions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from triage.db import utcnow
from triage.models import AuditEvent, Conversation, Team
from triage.services.assignment import (
    AssignmentError,
    assign_next,
    auto_assign_unassigned,
    set_assignment_mode,
    set_available,
)

_tokens = iter(range(1, 10**6))


def _conversation(session, team: Team, *, assignee_id: int | None = None, status: str = "new") -> Conversation:
    now = utcnow()
    conversation = Conversation(token=f"TRG-A{next(_tokens):05d}", subject="s", status=status, team_id=team.id,
                                assignee_id=assignee_id, created_at=now, last_activity_at=now)
    session.add(conversation)
    session.flush()
    return conversation


@pytest.fixture
def team_of_three(session, make_user):
    users = [make_user(f"a{i}@council.example", teams=("Assessment",)) for i in range(3)]
    team = session.scalars(select(Team).where(Team.name == "Assessment")).one()
    return team, users


def test_round_robin_rotates_through_available_agents(session, team_of_three):
    team, users = team_of_three
    picked = [assign_next(session, _conversation(session, team).id).id for _ in range(4)]
    assert picked == [users[0].id, users[1].id, users[2].id, users[0].id]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "conversation.assigned")).first()
    assert event.details["how"] == "auto"


def test_unavailable_agents_and_managers_are_skipped(session, team_of_three, make_user):
    team, users = team_of_three
    make_user("m@council.example", role="manager", teams=("Assessment",))
    set_available(session, users[1].id, False, actor_user_id=users[1].id)
    picked = {assign_next(session, _conversation(session, team).id).id for _ in range(4)}
    assert picked == {users[0].id, users[2].id}


def test_least_loaded_picks_the_agent_with_fewest_open(session, team_of_three):
    team, users = team_of_three
    set_assignment_mode(session, team.id, "least_loaded")
    for _ in range(2):
        _conversation(session, team, assignee_id=users[0].id, status="open")
    _conversation(session, team, assignee_id=users[1].id, status="open")
    _conversation(session, team, assignee_id=users[2].id, status="resolved")  # resolved work is no load
    assert assign_next(session, _conversation(session, team).id).id == users[2].id
    assert assign_next(session, _conversation(session, team).id).id == users[1].id  # 1 each: rotates after 2


def test_assign_next_leaves_an_assigned_conversation_alone(session, team_of_three):
    team, users = team_of_three
    conversation = _conversation(session, team, assignee_id=users[2].id)
    assert assign_next(session, conversation.id).id == users[2].id
    assert conversation.assignee_id == users[2].id


def test_nobody_available_assigns_nobody(session, team_of_three):
    team, users = team_of_three
    for user in users:
        set_available(session, user.id, False, actor_user_id=user.id)
    conversation = _conversation(session, team)
    assert assign_next(session, conversation.id) is None
    assert conversation.assignee_id is None and conversation.status == "new"


def test_auto_assign_unassigned_spreads_the_team_queue(session, team_of_three):
    team, users = team_of_three
    conversations = [_conversation(session, team) for _ in range(6)]
    _conversation(session, team, status="resolved")
    assert auto_assign_unassigned(session, team.id) == 6
    counts = {u.id: sum(c.assignee_id == u.id for c in conversations) for u in users}
    assert counts == {u.id: 2 for u in users}
    session.commit()
    assert auto_assign_unassigned(session, team.id) == 0  # idempotent


def test_availability_is_changed_only_by_self_lead_or_admin(session, team_of_three, make_user):
    team, users = team_of_three
    lead = make_user("lead@council.example", role="team_lead", teams=("Assessment",))
    other_lead = make_user("lead2@council.example", role="team_lead", teams=("Reviews",))
    set_available(session, users[0].id, False, actor_user_id=lead.id)
    assert users[0].available is False
    with pytest.raises(AssignmentError):
        set_available(session, users[1].id, False, actor_user_id=other_lead.id)
    with pytest.raises(AssignmentError):
        set_available(session, users[1].id, False, actor_user_id=users[2].id)
    with pytest.raises(AssignmentError):
        set_assignment_mode(session, team.id, "random")
