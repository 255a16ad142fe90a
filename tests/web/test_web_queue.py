"""The queue: scoped to the agent's teams, urgent first then due time, filters and paging."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from triage.models import Team


def _subjects(html: str) -> list[str]:
    return re.findall(r'class="subject">([^<]+)</a>', html)


def test_the_queue_shows_only_the_agents_teams_urgent_first(client, make_user, make_conversation, sign_in, session):
    make_user("agent@council.example", teams=("Assessment", "Reviews"))
    make_conversation("Assessment", "Due later", due_in=timedelta(days=4))
    make_conversation("Assessment", "Due soon", due_in=timedelta(hours=5))
    make_conversation("Reviews", "Child has no school place", urgent=True, due_in=timedelta(days=5))
    make_conversation("Placements", "Another team's mail", urgent=True)
    make_conversation("Assessment", "Resolved already", status="resolved")
    session.commit()
    sign_in("agent@council.example")
    html = client.get("/queue").get_data(as_text=True)
    assert _subjects(html) == ["Child has no school place", "Due soon", "Due later"]
    assert "Another team" not in html
    assert "Urgent" in html and re.search(r"due in 4 h \d+ min", html)


def test_a_manager_sees_every_team(client, make_user, make_conversation, sign_in, session):
    make_user("manager@council.example", role="manager")
    make_conversation("Assessment", "One")
    make_conversation("Placements", "Two")
    session.commit()
    sign_in("manager@council.example")
    html = client.get("/queue").get_data(as_text=True)
    assert sorted(_subjects(html)) == ["One", "Two"]
    assert "read-only access" in html


def test_filters(client, make_user, make_conversation, sign_in, session, make_case):
    agent = make_user("agent@council.example", teams=("Assessment", "Complaints"))
    case = make_case(case_ref="SEN104217")
    make_conversation("Assessment", "Timely", topics=("timeliness",), kind="enquiry")
    make_conversation("Complaints", "Complaint about calls", topics=("communication",), kind="complaint",
                      status="open", case_id=case.id, link_status="linked")
    make_conversation("Assessment", "Overdue chaser", topics=("timeliness", "appeal"), due_in=timedelta(days=-1),
                      language="pl")
    waiting = make_conversation("Assessment", "Waiting on family", status="awaiting_family")
    waiting.assignee_id = agent.id
    session.commit()
    sign_in("agent@council.example")

    def subjects(query: str) -> list[str]:
        return sorted(_subjects(client.get("/queue?" + query).get_data(as_text=True)))

    assert subjects("topic=communication") == ["Complaint about calls"]
    assert subjects("topic=appeal") == ["Overdue chaser"]
    assert subjects("kind=complaint") == ["Complaint about calls"]
    assert subjects("status=awaiting_family") == ["Waiting on family"]
    assert subjects("status=open") == ["Complaint about calls"]
    assert subjects("link_status=linked") == ["Complaint about calls"]
    assert subjects("clock=overdue") == ["Overdue chaser"]
    assert subjects("language=pl") == ["Overdue chaser"]
    assert subjects("assignee=me") == ["Waiting on family"]
    assert subjects("q=sen-104217") == ["Complaint about calls"]
    assert subjects("q=chaser") == ["Overdue chaser"]
    team_id = session.scalar(select(Team.id).where(Team.name == "Complaints"))
    assert subjects(f"team={team_id}") == ["Complaint about calls"]
    assert len(subjects("")) == 4
    assert subjects("topic=not-a-topic&kind=nonsense") == subjects("")  # unknown values are ignored


def test_status_tabs_carry_counts_and_pages_split(client, make_user, make_conversation, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    for i in range(53):
        make_conversation("Assessment", f"Message {i:02d}", due_in=timedelta(hours=i + 1))
    make_conversation("Assessment", "Done", status="resolved")
    session.commit()
    sign_in("agent@council.example")
    first = client.get("/queue").get_data(as_text=True)
    assert len(_subjects(first)) == 50
    assert "Page 1 of 2" in first
    assert re.search(r'Resolved <span class="tab-count">1</span>', first)
    second = client.get("/queue?page=2").get_data(as_text=True)
    assert _subjects(second) == ["Message 50", "Message 51", "Message 52"]
    partial = client.get("/queue?partial=1&page=2").get_data(as_text=True)
    assert "<html" not in partial and _subjects(partial) == ["Message 50", "Message 51", "Message 52"]
