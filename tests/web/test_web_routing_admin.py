"""Routing administration: rules as form fields, refusal of a set that routes nowhere, preview, teams, roles."""

from __future__ import annotations

from sqlalchemy import select

from tests.web.conftest import csrf_token
from triage.services.assignment import assigns_on_arrival
from triage.models import AuditEvent, Conversation, RoutingRule, Team, User
from triage.services.routing import ensure_default_teams_and_rules

RULES = "/admin/routing/"


def _admin(client, make_user, sign_in, session):
    ensure_default_teams_and_rules(session)
    make_user("admin@council.example", role="admin")
    session.commit()
    sign_in("admin@council.example")


def _rule(session, name: str) -> RoutingRule:
    return session.scalars(select(RoutingRule).where(RoutingRule.name == name)).one()


def _team(session, name: str) -> Team:
    return session.scalars(select(Team).where(Team.name == name)).one()


def test_admin_creates_a_rule_from_form_fields_before_the_catch_all(client, make_user, sign_in, session):
    _admin(client, make_user, sign_in, session)
    assert "Everything else" in client.get(RULES).get_data(as_text=True)
    placements = _team(session, "Placements")
    response = client.post("/admin/routing/rules/new", data={
        "csrf_token": csrf_token(client, RULES), "action": "save", "name": "Polish transport", "team_id": placements.id,
        "topics_any": ["transport"], "kind_in": ["enquiry", "complaint"], "urgent": "no", "language_in": "pl, PL",
        "sender_type_in": ["parent"], "link_status_in": ["linked", "confirmed"], "enabled": "1", "priority": "2",
    })
    assert response.status_code == 303
    session.expire_all()
    rule = _rule(session, "Polish transport")
    assert rule.conditions == {"topics_any": ["transport"], "kind_in": ["complaint", "enquiry"], "urgent": False,
                               "language_in": ["pl"], "sender_type_in": ["parent"],
                               "link_status_in": ["confirmed", "linked"]}
    assert rule.team_id == placements.id and rule.priority == 2
    ordered = session.scalars(select(RoutingRule).order_by(RoutingRule.position)).all()
    assert ordered[-1].name == "Everything else" and ordered[-2].name == "Polish transport"
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "routing_rule.created")).one().object_id == rule.id
    # The edit form shows the saved conditions as checked fields.
    page = client.get(f"/admin/routing/rules/{rule.id}").get_data(as_text=True)
    assert 'value="transport" checked' in page and 'value="no" checked' in page


def test_a_rule_set_that_would_route_nowhere_is_refused_with_the_reason(client, make_user, sign_in, session):
    _admin(client, make_user, sign_in, session)
    catch_all = _rule(session, "Everything else")
    token = csrf_token(client, RULES)
    client.post(f"/admin/routing/rules/{catch_all.id}/delete", data={"csrf_token": token})
    assert "some messages would route nowhere" in client.get(RULES).get_data(as_text=True)
    client.post(f"/admin/routing/rules/{catch_all.id}/enabled", data={"csrf_token": token, "enabled": "0"})
    client.post(f"/admin/routing/rules/{catch_all.id}/move", data={"csrf_token": token, "direction": "up"})
    response = client.post(f"/admin/routing/rules/{catch_all.id}", data={
        "csrf_token": token, "action": "save", "name": "Everything else", "team_id": catch_all.team_id,
        "kind_in": ["other"], "enabled": "1"})
    assert response.status_code == 422 and "route nowhere" in response.get_data(as_text=True)
    session.expire_all()
    catch_all = _rule(session, "Everything else")
    assert catch_all.enabled and catch_all.conditions == {}
    assert max(r.position for r in session.scalars(select(RoutingRule))) == catch_all.position


def test_reorder_and_disable_a_rule(client, make_user, sign_in, session):
    _admin(client, make_user, sign_in, session)
    complaints = _rule(session, "Complaints")
    before = [r.name for r in session.scalars(select(RoutingRule).order_by(RoutingRule.position))]
    token = csrf_token(client, RULES)
    client.post(f"/admin/routing/rules/{complaints.id}/move", data={"csrf_token": token, "direction": "up"})
    client.post(f"/admin/routing/rules/{complaints.id}/enabled", data={"csrf_token": token, "enabled": "0"})
    session.expire_all()
    after = [r.name for r in session.scalars(select(RoutingRule).order_by(RoutingRule.position))]
    i = before.index("Complaints")
    assert after[i - 1] == "Complaints" and after[i] == before[i - 1]
    assert _rule(session, "Complaints").enabled is False
    actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "routing_rule")))
    assert {"routing_rule.moved", "routing_rule.disabled"} <= actions


def test_preview_counts_conversations_that_would_move_and_saves_nothing(client, make_user, sign_in, session,
                                                                        make_conversation):
    _admin(client, make_user, sign_in, session)
    # A new rule goes just before the catch-all, so it takes only what reaches the end today.
    moving = make_conversation("Contact Centre", "Nie ma odpowiedzi", topics=("communication",), language="pl")
    make_conversation("Contact Centre", "No reply", topics=("communication",), language="en")
    make_conversation("Placements", "Autobus", topics=("transport",), language="pl")
    session.commit()
    reviews = _team(session, "Reviews")
    response = client.post("/admin/routing/rules/new", data={
        "csrf_token": csrf_token(client, RULES), "action": "preview", "name": "Polish families", "team_id": reviews.id,
        "language_in": "pl", "enabled": "1", "urgent": "any"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>1</strong> of the last 3 processed conversations" in page
    assert "Contact Centre → Reviews: 1" in page and moving.token in page
    assert session.scalars(select(RoutingRule).where(RoutingRule.name == "Polish families")).first() is None


def test_teams_are_created_renamed_and_given_an_email(client, make_user, sign_in, session):
    _admin(client, make_user, sign_in, session)
    token = csrf_token(client, RULES)
    assert client.post("/admin/routing/teams", data={"csrf_token": token, "name": "Transport",
                                                      "email": "transport@council.example"}).status_code == 303
    team = _team(session, "Transport")
    client.post(f"/admin/routing/teams/{team.id}", data={"csrf_token": token, "name": "Travel Assistance",
                                                         "email": "Travel@Council.example"})
    client.post(f"/admin/routing/teams/{team.id}", data={"csrf_token": token, "name": "Reviews", "email": ""})
    assert "already a team called" in client.get(RULES).get_data(as_text=True)
    session.expire_all()
    team = session.get(Team, team.id)
    assert team.name == "Travel Assistance" and team.email == "travel@council.example"
    assert {"team.created", "team.updated"} <= set(session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "team")))


def test_only_admins_reach_routing(client, make_user, sign_in, session):
    ensure_default_teams_and_rules(session)
    make_user("lead@council.example", role="team_lead", teams=("Assessment",))
    make_user("manager@council.example", role="manager")
    session.commit()
    rule = _rule(session, "Complaints")
    for email in ("lead@council.example", "manager@council.example"):
        sign_in(email)
        assert client.get(RULES).status_code == 403
        token = csrf_token(client, "/queue")
        assert client.post(f"/admin/routing/rules/{rule.id}/delete", data={"csrf_token": token}).status_code == 403
        assert client.post("/admin/routing/teams", data={"csrf_token": token, "name": "X"}).status_code == 403
        client.post("/logout", data={"csrf_token": token})
    session.expire_all()
    assert _rule(session, "Complaints") is not None


def test_team_page_availability_mode_and_auto_assign(client, make_user, sign_in, session, make_conversation):
    lead = make_user("lead@council.example", role="team_lead", teams=("Assessment",))
    agent = make_user("agent@council.example", teams=("Assessment",))
    outsider = make_user("other@council.example", teams=("Reviews",))
    conversations = [make_conversation("Assessment") for _ in range(4)]
    session.commit()
    sign_in("agent@council.example")
    token = csrf_token(client, "/team/")
    assert client.post("/team/availability", data={"csrf_token": token, "available": "0"}).status_code == 303
    assert client.post("/team/availability", data={"csrf_token": token, "available": "0",
                                                   "user_id": outsider.id}).status_code == 403
    team_id = conversations[0].team_id
    assert client.post(f"/team/{team_id}/auto-assign", data={"csrf_token": token}).status_code == 403
    client.post("/logout", data={"csrf_token": token})

    sign_in("lead@council.example")
    page = client.get("/team/").get_data(as_text=True)
    assert "Auto-assign unassigned" in page and "Agent" in page
    token = csrf_token(client, "/team/")
    client.post(f"/team/{team_id}/mode", data={"csrf_token": token, "mode": "least_loaded", "on_arrival": "yes"})
    client.post(f"/team/{team_id}/auto-assign", data={"csrf_token": token})
    session.expire_all()
    assert assigns_on_arrival(session, team_id)
    assert session.get(User, agent.id).available is False
    # The agent is away, so the lead (the only available member) gets them all.
    assignees = {session.get(Conversation, c.id).assignee_id for c in conversations}
    assert assignees == {lead.id}
    assert "4 conversations assigned" in client.get("/team/").get_data(as_text=True)
