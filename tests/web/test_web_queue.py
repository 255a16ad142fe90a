"""The queue: scoped to the agent's teams, urgent first then due time, filters and paging."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.web.conftest import csrf_token
from triage.models import Conversation, Team


def _subjects(html: str) -> list[str]:
    return re.findall(r'class="subject">([^<]+)</a>', html)


def _link(html: str, rel: str) -> str:
    """The href of the page's rel=next or rel=prev link."""
    return re.search(rf'rel="{rel}" href="([^"]+)"', html).group(1).replace("&amp;", "&")


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
    assert len(subjects("channel=email")) == 4 and subjects("channel=phone") == []
    assert subjects("assignee=me") == ["Waiting on family"]
    assert subjects("q=sen-104217") == ["Complaint about calls"]
    assert subjects("q=chaser") == ["Overdue chaser"]
    team_id = session.scalar(select(Team.id).where(Team.name == "Complaints"))
    assert subjects(f"team={team_id}") == ["Complaint about calls"]
    assert len(subjects("")) == 4
    assert subjects("topic=not-a-topic&kind=nonsense") == subjects("")  # unknown values are ignored


def test_status_tabs_carry_counts_and_pages_split_by_cursor(client, make_user, make_conversation, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    for i in range(53):
        make_conversation("Assessment", f"Message {i:02d}", due_in=timedelta(hours=i + 1))
    make_conversation("Assessment", "Done", status="resolved")
    session.commit()
    sign_in("agent@council.example")
    first = client.get("/queue").get_data(as_text=True)
    assert len(_subjects(first)) == 50
    assert "Showing 50 of 53" in first and 'rel="prev"' not in first
    assert re.search(r'New <span class="tab-count">53</span>', first)
    assert re.search(r'Resolved</a>', first)  # history is counted only when looked at
    assert re.search(r'Resolved <span class="tab-count">1</span>', client.get("/queue?status=resolved").get_data(as_text=True))
    next_link = _link(first, "next")
    assert "after=" in next_link and "page=" not in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert _subjects(second) == ["Message 50", "Message 51", "Message 52"]
    assert 'rel="next"' not in second
    # The live refresh of page two stays on page two.
    refresh = re.search(r'data-refresh-url="([^"]+)"', second).group(1).replace("&amp;", "&")
    partial = client.get(refresh).get_data(as_text=True)
    assert "<html" not in partial and _subjects(partial) == ["Message 50", "Message 51", "Message 52"]
    back = client.get(_link(second, "prev")).get_data(as_text=True)
    assert _subjects(back) == _subjects(first)


def test_a_broken_cursor_or_an_old_page_number_shows_the_top(client, make_user, make_conversation, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    make_conversation("Assessment", "Only one")
    session.commit()
    sign_in("agent@council.example")
    for query in ("after=nonsense", "before=3.x.1", "page=7", "after=3.99999999999999999999.1"):
        response = client.get("/queue?" + query)
        assert response.status_code == 200 and _subjects(response.get_data(as_text=True)) == ["Only one"], query


def test_search_finds_words_in_messages_within_the_agents_teams(client, make_user, make_conversation, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    make_conversation("Assessment", "Chasing", text="Our son Zebedee still has no transport to his new school.")
    make_conversation("Assessment", "Other", text="A question about the annual review meeting.")
    make_conversation("Placements", "Elsewhere", text="Zebedee's transport has not been arranged either.")
    session.commit()
    sign_in("agent@council.example")
    html = client.get("/queue?q=zebedee+transport").get_data(as_text=True)
    assert _subjects(html) == ["Chasing"]
    assert "Elsewhere" not in html and "Showing 1 of 1" in html


def test_bulk_actions_and_undo(client, make_user, make_conversation, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    mine = [make_conversation("Assessment", f"Mine {i}") for i in range(3)]
    theirs = make_conversation("Placements", "Not mine")
    session.commit()
    sign_in("agent@council.example")
    ids = [str(c.id) for c in mine] + [str(theirs.id)]
    response = client.post("/queue/bulk", data={"csrf_token": csrf_token(client, "/queue"), "ids": ids,
                                                "action": "resolve", "back": "/queue?status=all"})
    assert response.headers["Location"].endswith("/queue?status=all")
    page = client.get("/queue").get_data(as_text=True)
    assert "3 conversations changed. 1 skipped" in page and "can be undone" in page
    session.expire_all()
    assert {session.get(Conversation, c.id).status for c in mine} == {"resolved"}
    assert session.get(Conversation, theirs.id).status == "new"

    undo = re.search(r'action="(/queue/bulk/\d+/undo)"', page).group(1)
    client.post(undo, data={"csrf_token": csrf_token(client, "/queue")})
    session.expire_all()
    assert {session.get(Conversation, c.id).status for c in mine} == {"new"}
    assert "can be undone" not in client.get("/queue").get_data(as_text=True)


def test_managers_cannot_bulk_change(client, make_user, make_conversation, sign_in, session):
    make_user("manager@council.example", role="manager", teams=("Assessment",))
    conversation = make_conversation("Assessment")
    session.commit()
    sign_in("manager@council.example")
    assert 'id="bulk-form"' not in client.get("/queue").get_data(as_text=True)
    response = client.post("/queue/bulk", data={"csrf_token": csrf_token(client, "/queue"), "ids": [str(conversation.id)],
                                                "action": "resolve"})
    assert response.status_code == 403
    session.expire_all()
    assert session.get(Conversation, conversation.id).status == "new"
