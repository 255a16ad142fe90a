"""Complaints pages: log from a conversation, the whole life of a complaint, roles and audit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.web.conftest import csrf_token
from triage.models import AuditEvent, Complaint
from triage.tracking.complaints import APPEALABLE_ADVICE


def _post(client, path, data, token_from):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, token_from)})


def test_a_complaint_through_its_whole_life(client, make_user, sign_in, make_conversation, make_case, session):
    agent = make_user("agent@council.example", teams=("Complaints",))
    case = make_case()
    conversation = make_conversation("Complaints", "I want to complain", kind="complaint", case_id=case.id,
                                     link_status="linked")
    session.commit()
    sign_in("agent@council.example")
    page = client.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert "Log as formal complaint" in page

    response = _post(client, f"/complaints/open-from/{conversation.id}", {"appealable": "1"},
                     f"/conversations/{conversation.id}")
    assert response.status_code == 303
    complaint = session.scalars(select(Complaint).where(Complaint.conversation_id == conversation.id)).one()
    assert complaint.case_id == case.id and complaint.about_appealable_decision
    assert complaint.handler_user_id == agent.id
    path = f"/complaints/{complaint.id}"
    page = client.get(path).get_data(as_text=True)
    assert APPEALABLE_ADVICE.split(".")[0] in page and "Stage 1 complaint acknowledged" in page
    # The conversation page now links to it instead of offering to log it again.
    page = client.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert f"complaint #{complaint.id}" in page and "Log as formal complaint" not in page

    opened = complaint.stage1_opened_on
    steps = [
        ("acknowledge", {"on": opened.isoformat()}),
        ("extend", {"on": opened.isoformat(), "reason": "Waiting for the school's account"}),
        ("respond", {"on": opened.isoformat(), "outcome": "partly_upheld", "letter": "Dear parent, ..."}),
        ("escalate", {"on": opened.isoformat()}),
        ("respond", {"on": opened.isoformat(), "outcome": "not_upheld", "letter": "Stage 2 reply"}),
        ("escalate", {"on": opened.isoformat(), "ombudsman_ref": "24 001 234"}),
        ("respond", {"on": opened.isoformat(), "outcome": "upheld"}),
        ("remedies", {"apology": "1", "payment": "£1,250.50", "service_improvement": "Weekly chasers",
                      "lessons_learned": "Reply within 20 weeks"}),
        ("close", {"on": opened.isoformat()}),
    ]
    for action, data in steps:
        response = _post(client, f"{path}/{action}", data, path)
        assert response.status_code == 303, action
        assert "banner-error" not in client.get(path).get_data(as_text=True), action
    session.expire_all()
    complaint = session.get(Complaint, complaint.id)
    assert complaint.stage == "ombudsman" and complaint.status == "closed"
    assert complaint.stage1_extension_reason == "Waiting for the school's account"
    assert complaint.stage1_outcome == "partly_upheld" and complaint.stage2_outcome == "not_upheld"
    assert complaint.outcome == "upheld" and complaint.ombudsman_ref == "24 001 234"
    assert complaint.remedy_payment_pence == 125050 and complaint.remedy_apology
    actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "complaint",
                                                                  AuditEvent.object_id == complaint.id)))
    assert {"complaint.opened", "complaint.acknowledged", "complaint.extended", "complaint.responded",
            "complaint.escalated", "complaint.remedies", "complaint.closed", "complaint.viewed"} <= actions


def test_a_second_extension_is_refused_with_the_reason(client, make_user, sign_in, make_conversation, session):
    make_user("agent@council.example", teams=("Complaints",))
    conversation = make_conversation("Complaints", kind="complaint")
    session.commit()
    sign_in("agent@council.example")
    _post(client, f"/complaints/open-from/{conversation.id}", {}, f"/conversations/{conversation.id}")
    complaint = session.scalars(select(Complaint)).one()
    path = f"/complaints/{complaint.id}"
    today = date.today().isoformat()
    _post(client, f"{path}/extend", {"on": today, "reason": "first"}, path)
    _post(client, f"{path}/extend", {"on": today, "reason": "second"}, path)
    page = client.get(path).get_data(as_text=True)
    assert "already been extended once" in page
    assert _post(client, f"{path}/acknowledge", {"on": "not a date"}, path).status_code == 303
    assert "must be a real date" in client.get(path).get_data(as_text=True)


def test_open_complaints_list_shows_the_next_deadline(client, make_user, sign_in, make_conversation, session):
    make_user("agent@council.example", teams=("Complaints",))
    conversation = make_conversation("Complaints", "Nobody answers", kind="complaint")
    session.commit()
    sign_in("agent@council.example")
    _post(client, f"/complaints/open-from/{conversation.id}", {"summary": "Nobody answers my calls"},
          f"/conversations/{conversation.id}")
    page = client.get("/complaints/").get_data(as_text=True)
    assert "Nobody answers my calls" in page and "Stage 1 complaint acknowledged" in page


def test_roles_managers_read_other_teams_may_not(client, make_user, sign_in, make_conversation, session):
    make_user("agent@council.example", teams=("Complaints",))
    make_user("manager@council.example", role="manager")
    make_user("other@council.example", teams=("Assessment",))
    conversation = make_conversation("Complaints", kind="complaint")
    session.commit()
    sign_in("agent@council.example")
    _post(client, f"/complaints/open-from/{conversation.id}", {}, f"/conversations/{conversation.id}")
    complaint = session.scalars(select(Complaint)).one()
    path = f"/complaints/{complaint.id}"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/queue")})

    sign_in("manager@council.example")
    page = client.get(path)
    assert page.status_code == 200 and "Record acknowledgement" not in page.get_data(as_text=True)
    assert _post(client, f"{path}/acknowledge", {"on": date.today().isoformat()}, "/queue").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/queue")})

    sign_in("other@council.example")
    assert client.get(path).status_code == 403
    assert client.get("/complaints/").status_code == 403
    assert _post(client, f"{path}/close", {"on": date.today().isoformat(), "withdrawn": "1"}, "/queue").status_code == 403
    # Without a CSRF token even the right person is refused.
    client.post("/logout", data={"csrf_token": csrf_token(client, "/queue")})
    sign_in("agent@council.example")
    assert client.post(f"{path}/close", data={"on": date.today().isoformat(), "withdrawn": "1"}).status_code == 400
    session.expire_all()
    assert session.get(Complaint, complaint.id).status == "open"
