"""Administration: the quarantine list and retry, for administrators only."""

from __future__ import annotations

from sqlalchemy import select

from tests.web.conftest import csrf_token
from triage.models import AuditEvent, MailboxState, Message


def _quarantined(session) -> Message:
    message = Message(content_hash="q" * 64, raw=b"not mail", size=8, channel="email", status="quarantined",
                      error="parse failed: no headers", source="upload.eml")
    session.add(message)
    session.commit()
    return message


def test_admins_see_the_quarantine_and_can_retry(client, make_user, sign_in, session, enqueued):
    admin = make_user("admin@council.example", role="admin")
    message = _quarantined(session)
    sign_in("admin@council.example")
    page = client.get("/admin/quarantine").get_data(as_text=True)
    assert "parse failed: no headers" in page and "upload.eml" in page
    response = client.post(f"/admin/quarantine/{message.id}/retry",
                           data={"csrf_token": csrf_token(client, "/admin/quarantine")})
    assert response.status_code == 303
    assert enqueued == [message.id]
    session.expire_all()
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "message.retry_requested",
                                                   AuditEvent.actor_user_id == admin.id)) is not None


def test_other_roles_may_not(client, make_user, sign_in, session, enqueued):
    make_user("lead@council.example", role="team_lead", teams=("Assessment",))
    message = _quarantined(session)
    sign_in("lead@council.example")
    assert client.get("/admin/quarantine").status_code == 403
    token = csrf_token(client, "/queue")
    assert client.post(f"/admin/quarantine/{message.id}/retry", data={"csrf_token": token}).status_code == 403
    assert enqueued == []


def test_mail_left_on_the_imap_server_is_shown(client, make_user, sign_in, session):
    make_user("admin@council.example", role="admin")
    session.add(MailboxState(host="imap.council.example", user="send@council.example", folder="INBOX",
                             uidvalidity=7, last_uid=12,
                             refused=[{"uid": 9, "size": 40_000_000, "reason": "over the 25 MB limit", "at": "2026-11-20"}]))
    session.commit()
    sign_in("admin@council.example")
    page = client.get("/admin/quarantine").get_data(as_text=True)
    assert "UID 9" in page and "over the 25 MB limit" in page and "38.1 MB" in page
