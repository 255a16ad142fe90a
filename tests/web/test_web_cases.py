"""The case page and the case panel: record, contacts, every clock, exceptions, milestones, audit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.web.conftest import csrf_token
from triage.db import utcnow
from triage.models import AuditEvent, CaseMilestone, Clock
from triage.services.appeals import create_appeal
from triage.services.complaints import open_complaint


def _post(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path.split("/clocks")[0].split("/milestones")[0])})


def test_the_case_page_shows_the_record_and_every_clock_and_is_audited(client, make_user, sign_in, make_case,
                                                                         make_conversation, session):
    agent = make_user("agent@council.example", teams=("Assessment",))
    case = make_case(parent_email="parent@example.org", school="Millbrook Special School", year_group="Year 4",
                     case_officer="Ewa Zielinska", stage="assessment", request_date=date(2025, 1, 6))
    make_conversation("Assessment", "Where is the plan?", case_id=case.id, link_status="linked")
    open_complaint(session, opened_on=date(2025, 2, 3), now=utcnow(), case_id=case.id, summary="Late plan")
    create_appeal(session, "EH860/25/00042", now=utcnow(), case_id=case.id)
    session.commit()
    sign_in("agent@council.example")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    for expected in (case.case_ref, "Amara Okafor", "12/03/2015", "Millbrook Special School", "Year 4", "Ewa Zielinska",
                     "parent@example.org", "Decision whether to assess", "Final EHC plan", "Where is the plan?",
                     "Late plan", "EH860/25/00042", "Stage 1 complaint acknowledged",
                     "Cannot start: no registered date"):
        assert expected in page, expected
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "case.viewed")).one()
    assert event.object_id == case.id and event.actor_user_id == agent.id


def test_a_case_without_a_request_date_says_why_its_clocks_cannot_start(client, make_user, sign_in, make_case, session):
    make_user("agent@council.example", teams=("Assessment",))
    case = make_case()
    session.commit()
    sign_in("agent@council.example")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Cannot start: no request date on the case record" in page


def test_exception_and_milestone_from_the_case_page(client, make_user, sign_in, make_case, session):
    make_user("agent@council.example", teams=("Assessment",))
    case = make_case(request_date=date(2025, 1, 6))
    session.commit()
    sign_in("agent@council.example")
    client.get(f"/cases/{case.id}")  # computes the statutory clocks
    clock = session.scalars(select(Clock).where(Clock.case_id == case.id, Clock.kind == "final_plan")).one()

    _post(client, f"/cases/{case.id}/clocks/{clock.id}/exception", {"exception": "family_away", "reason": ""})
    assert "an exception needs a reason" in client.get(f"/cases/{case.id}").get_data(as_text=True)
    _post(client, f"/cases/{case.id}/clocks/{clock.id}/exception",
          {"exception": "family_away", "reason": "Family abroad for 6 weeks"})
    session.expire_all()
    clock = session.get(Clock, clock.id)
    assert clock.exception == "family_away" and clock.exception_reason == "Family abroad for 6 weeks"
    assert "Family abroad for 6 weeks" in client.get(f"/cases/{case.id}").get_data(as_text=True)

    _post(client, f"/cases/{case.id}/milestones", {"kind": "review_meeting", "on": "2025-03-03"})
    session.expire_all()
    assert session.scalars(select(CaseMilestone).where(CaseMilestone.case_id == case.id)).one().kind == "review_meeting"
    review = session.scalars(select(Clock).where(Clock.case_id == case.id, Clock.kind == "annual_review_decision")).one()
    assert review.due_on == date(2025, 3, 31)
    _post(client, f"/cases/{case.id}/milestones", {"kind": "moon_landing", "on": "2025-03-03"})
    assert "unknown milestone" in client.get(f"/cases/{case.id}").get_data(as_text=True)
    actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.object_type.in_(("case", "clock")))))
    assert {"case.viewed", "case.milestone", "clock.exception"} <= actions


def test_managers_read_but_do_not_change_a_case(client, make_user, sign_in, make_case, session):
    make_user("manager@council.example", role="manager")
    case = make_case(request_date=date(2025, 1, 6))
    session.commit()
    sign_in("manager@council.example")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Record a milestone" not in page
    token = csrf_token(client, f"/cases/{case.id}")
    assert client.post(f"/cases/{case.id}/milestones", data={"kind": "review_meeting", "on": "2025-03-03",
                                                             "csrf_token": token}).status_code == 403
    assert session.scalars(select(CaseMilestone)).first() is None


def test_the_case_panel_lists_clocks_complaints_and_appeals(client, make_user, sign_in, make_case, make_conversation,
                                                            session):
    make_user("agent@council.example", teams=("Assessment",))
    case = make_case(request_date=date(2025, 1, 6))
    conversation = make_conversation("Assessment", case_id=case.id, link_status="linked")
    complaint = open_complaint(session, opened_on=date(2025, 2, 3), now=utcnow(), case_id=case.id)
    appeal = create_appeal(session, "EH860/25/00043", now=utcnow(), case_id=case.id)
    session.commit()
    sign_in("agent@council.example")
    page = client.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert f"Complaint #{complaint.id}" in page and "Appeal EH860/25/00043" in page
    assert "cannot start: no registered date" in page
    assert "Stage 1 complaint response" in page and f"/cases/{case.id}" in page
    assert f"/appeals/{appeal.id}" in page
    assert "Log as formal complaint" not in page  # an enquiry is not proposed as a complaint
