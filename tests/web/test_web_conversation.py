"""The conversation page: what it shows, who may see it, and the agent's actions on it."""

from __future__ import annotations

import html as htmllib
import re

from sqlalchemy import select

from tests.web.conftest import csrf_token
from triage.models import AuditEvent, CaseLink, Conversation, Feedback


def _version(page: str) -> str:
    found = re.search(r'name="version" value="([^"]+)"', page)
    assert found
    return found.group(1)


def _act(client, conversation_id: int, action: str, data: dict | None = None, *, version: str | None = None):
    path = f"/conversations/{conversation_id}"
    page = client.get(path).get_data(as_text=True)
    form = {"csrf_token": csrf_token(client, path), "version": version or _version(page), **(data or {})}
    return client.post(f"{path}/{action}", data=form)


def test_the_page_shows_the_reading_and_writes_an_audit_event(client, make_user, make_conversation, make_case, sign_in, session):
    agent = make_user("agent@council.example", teams=("Assessment",))
    case = make_case("Maisie", "Thornbury", case_ref="SEN204511", school="Northfield Primary School",
                     year_group="Year 5", stage="assessment", case_officer="Officer Ada")
    conversation = make_conversation(case_id=case.id, link_status="linked", urgent=True)
    session.commit()
    sign_in("agent@council.example")
    response = client.get(f"/conversations/{conversation.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<mark>We asked for an assessment in June.</mark>" in page  # the explanation, highlighted
    assert "91%" in page and "Topic scores" in page  # scores
    assert "child without a school place" in page  # urgent reasons
    assert "SEN204511" in page and "Maisie Thornbury" in page and "Northfield Primary School" in page
    assert "Officer Ada" in page and "12/03/2015" in page
    assert "Quoted history" in page and "<details" in page
    assert "Maisie" in page and "Case ref" in page  # entities and the case panel
    session.expire_all()
    views = session.scalars(select(AuditEvent).where(AuditEvent.actor_user_id == agent.id,
                                                     AuditEvent.action.in_(["conversation.viewed", "case.viewed"]))).all()
    assert {(v.action, v.object_id) for v in views} == {("conversation.viewed", conversation.id), ("case.viewed", case.id)}


def test_mail_html_is_only_shown_escaped_inside_a_sandboxed_frame(client, make_user, make_conversation, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    hostile = '<p onclick="x()">Hi</p><script>alert(1)</script><img src="https://tracker.example/p.gif">'
    conversation = make_conversation(html=hostile, text="Hello <b>there</b>")
    session.commit()
    sign_in("agent@council.example")
    response = client.get(f"/conversations/{conversation.id}")
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "Hello &lt;b&gt;there&lt;/b&gt;" in page
    frame = re.search(r'<iframe class="mail-frame" sandbox="" [^>]*srcdoc="([^"]*)"', page)
    assert frame, "the mail HTML must be in a sandboxed srcdoc iframe"
    inner = htmllib.unescape(frame.group(1))
    assert "default-src 'none'" in inner and "<script>" not in inner  # sanitised again at display, and sandboxed
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "img-src 'self' data:" in csp


def test_another_teams_agent_gets_not_found(client, make_user, make_conversation, sign_in, session):
    make_user("other@council.example", teams=("Placements",))
    conversation = make_conversation("Assessment")
    session.commit()
    sign_in("other@council.example")
    assert client.get(f"/conversations/{conversation.id}").status_code == 404
    token = csrf_token(client, "/queue")
    response = client.post(f"/conversations/{conversation.id}/status", data={"csrf_token": token, "status": "resolved"})
    assert response.status_code == 404
    session.expire_all()
    assert session.get(Conversation, conversation.id).status == "new"


def test_a_manager_reads_but_cannot_change(client, make_user, make_conversation, sign_in, session):
    make_user("manager@council.example", role="manager", teams=("Assessment",))
    conversation = make_conversation("Assessment")
    session.commit()
    sign_in("manager@council.example")
    page = client.get(f"/conversations/{conversation.id}")
    assert page.status_code == 200
    assert 'id="resolve-form"' not in page.get_data(as_text=True) and 'name="version"' not in page.get_data(as_text=True)
    token = csrf_token(client, "/queue")
    for action, data in [("status", {"status": "resolved"}), ("claim", {}), ("notes", {"note": "hi"}),
                         ("topics", {"topics": "appeal"})]:
        response = client.post(f"/conversations/{conversation.id}/{action}", data={"csrf_token": token, **data})
        assert response.status_code == 403, action
    session.expire_all()
    assert session.get(Conversation, conversation.id).status == "new"


def test_claim_resolve_assign_and_move(client, make_user, make_conversation, sign_in, session):
    agent = make_user("agent@council.example", teams=("Assessment",))
    colleague = make_user("colleague@council.example", teams=("Assessment",))
    outsider = make_user("outsider@council.example", teams=("Placements",))
    conversation = make_conversation("Assessment")
    session.commit()
    sign_in("agent@council.example")
    assert _act(client, conversation.id, "claim").status_code == 303
    session.expire_all()
    row = session.get(Conversation, conversation.id)
    assert (row.assignee_id, row.status) == (agent.id, "open")

    _act(client, conversation.id, "assign", {"assignee_id": str(colleague.id)})
    session.expire_all()
    assert session.get(Conversation, conversation.id).assignee_id == colleague.id
    response = _act(client, conversation.id, "assign", {"assignee_id": str(outsider.id)})
    assert "only assign" in client.get(response.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    assert session.get(Conversation, conversation.id).assignee_id == colleague.id

    _act(client, conversation.id, "status", {"status": "resolved"})
    session.expire_all()
    assert session.get(Conversation, conversation.id).status == "resolved"

    placements = outsider.teams[0].id
    response = _act(client, conversation.id, "team", {"team_id": str(placements)})
    assert response.headers["Location"].endswith("/queue")  # no longer this agent's to see
    session.expire_all()
    moved = session.get(Conversation, conversation.id)
    assert (moved.team_id, moved.assignee_id) == (placements, None)
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "conversation",
                                                              AuditEvent.object_id == conversation.id,
                                                              AuditEvent.actor_user_id == agent.id)).all()
    assert {"conversation.assigned", "conversation.status_changed", "conversation.team_changed"} <= set(actions)


def test_corrections_are_kept_as_feedback(client, make_user, make_conversation, sign_in, session):
    agent = make_user("agent@council.example", teams=("Assessment",))
    conversation = make_conversation(topics=("timeliness",), kind="enquiry")
    session.commit()
    sign_in("agent@council.example")
    client.get(f"/conversations/{conversation.id}")
    _act(client, conversation.id, "topics", {"topics": ["timeliness", "communication"]})
    _act(client, conversation.id, "kind", {"kind": "complaint"})
    _act(client, conversation.id, "urgent", {"urgent": "1", "reason": "child out of school since May"})
    session.expire_all()
    row = session.get(Conversation, conversation.id)
    assert (row.topics, row.kind, row.urgent, row.priority) == (["timeliness", "communication"], "complaint", True, 1)
    feedback = {f.field: f for f in session.scalars(select(Feedback).where(Feedback.user_id == agent.id))}
    assert feedback["topics"].predicted == {"topics": ["timeliness"]}
    assert feedback["topics"].corrected == {"topics": ["timeliness", "communication"]}
    assert feedback["kind"].corrected == {"kind": "complaint"} and feedback["kind"].model_version == "test-model-1"
    assert feedback["urgent"].corrected == {"urgent": True, "reason": "child out of school since May"}
    audit = set(session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == conversation.id)))
    assert {"conversation.topics_corrected", "conversation.kind_corrected", "conversation.urgency_corrected"} <= audit


def test_case_link_confirm_reject_and_choose(client, make_user, make_conversation, make_case, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    right = make_case("Maisie", "Thornbury", case_ref="SEN204511")
    wrong = make_case("Maisie", "Thornton", case_ref="SEN204512")
    candidates = [{"case_id": right.id, "case_ref": "SEN204511", "score": 0.71, "evidence": ["child name"]},
                  {"case_id": wrong.id, "case_ref": "SEN204512", "score": 0.66, "evidence": ["child name"]}]
    conversation = make_conversation(case_id=wrong.id, link_status="suggested", candidates=candidates)
    session.commit()
    sign_in("agent@council.example")

    _act(client, conversation.id, "link/reject")
    session.expire_all()
    row = session.get(Conversation, conversation.id)
    assert (row.case_id, row.link_status) == (None, "none")

    page = client.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert "SEN204511" in page and "Link this case" in page  # candidates offered
    _act(client, conversation.id, "link/choose", {"case_id": str(right.id), "how": "candidate"})
    session.expire_all()
    row = session.get(Conversation, conversation.id)
    assert (row.case_id, row.link_status) == (right.id, "confirmed")
    link = session.scalar(select(CaseLink).where(CaseLink.message_id == row.messages[0].id))
    assert (link.case_id, link.status, link.confidence) == (right.id, "confirmed", 1.0)

    search = client.get(f"/conversations/{conversation.id}?case_q=sen-204512").get_data(as_text=True)
    assert "Thornton" in search
    feedback = session.scalars(select(Feedback).where(Feedback.field == "case_link").order_by(Feedback.id)).all()
    assert [f.corrected["status"] for f in feedback] == ["rejected", "confirmed"]


def test_confirming_the_suggested_link(client, make_user, make_conversation, make_case, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    case = make_case(case_ref="SEN300001")
    conversation = make_conversation(case_id=case.id, link_status="linked")
    session.commit()
    sign_in("agent@council.example")
    _act(client, conversation.id, "link/confirm")
    session.expire_all()
    assert session.get(Conversation, conversation.id).link_status == "confirmed"


def test_acting_on_a_stale_page_is_refused_with_a_clear_message(client, make_user, make_conversation, sign_in, session, app):
    make_user("agent@council.example", teams=("Assessment",))
    make_user("colleague@council.example", teams=("Assessment",))
    conversation = make_conversation()
    session.commit()
    sign_in("agent@council.example")
    stale = _version(client.get(f"/conversations/{conversation.id}").get_data(as_text=True))

    other = app.test_client()
    other.post("/login", data={"email": "colleague@council.example", "password": "correct horse battery",
                               "csrf_token": csrf_token(other)})
    _act(other, conversation.id, "status", {"status": "resolved"})

    response = _act(client, conversation.id, "claim", version=stale)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "changed after you opened it" in page and "status set to resolved by Colleague" in page
    session.expire_all()
    row = session.get(Conversation, conversation.id)
    assert (row.status, row.assignee_id) == ("resolved", None)


def test_notes_are_kept_as_audit_events_and_shown(client, make_user, make_conversation, sign_in, session):
    agent = make_user("agent@council.example", teams=("Assessment",))
    conversation = make_conversation()
    session.commit()
    sign_in("agent@council.example")
    _act(client, conversation.id, "notes", {"note": "Rang mum <back> Tuesday"})
    page = client.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert "Rang mum &lt;back&gt; Tuesday" in page
    session.expire_all()
    note = session.scalar(select(AuditEvent).where(AuditEvent.action == "note.added"))
    assert (note.object_id, note.actor_user_id, note.details) == (conversation.id, agent.id, {"text": "Rang mum <back> Tuesday"})


def test_a_second_agent_sees_who_else_has_it_open(client, app, make_user, make_conversation, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    make_user("colleague@council.example", teams=("Assessment",))
    conversation = make_conversation()
    session.commit()
    sign_in("agent@council.example")
    first = client.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert "Also looking at this" not in first
    other = app.test_client()
    other.post("/login", data={"email": "colleague@council.example", "password": "correct horse battery",
                               "csrf_token": csrf_token(other)})
    second = other.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert "Also looking at this" in second and "<strong>Agent</strong>" in second
