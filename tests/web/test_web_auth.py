"""Signing in and out; every internal page needs a signed-in member of staff."""

from __future__ import annotations

from sqlalchemy import select

from tests.web.conftest import csrf_token
from triage.models import AuditEvent


def test_sign_in_with_the_right_password_opens_the_queue(client, make_user, session):
    user = make_user("agent@council.example", teams=("Assessment",))
    session.commit()
    response = client.post("/login", data={"email": "Agent@Council.example", "password": "correct horse battery",
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/queue")
    page = client.get("/queue")
    assert page.status_code == 200
    assert "Agent" in page.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "user.signed_in",
                                                   AuditEvent.object_id == user.id)) is not None


def test_a_wrong_password_is_refused_with_a_message(client, make_user, session):
    make_user("agent@council.example")
    session.commit()
    response = client.post("/login", data={"email": "agent@council.example", "password": "wrong password!",
                                           "csrf_token": csrf_token(client)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The email address or password is not right" in html
    assert 'role="alert"' in html
    assert client.get("/queue").status_code == 302  # still signed out


def test_pages_need_sign_in(client):
    for path in ("/queue", "/conversations/1", "/admin/quarantine"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/login" in response.headers["Location"]


def test_next_only_goes_to_this_site(client, make_user, session):
    make_user("agent@council.example")
    session.commit()
    response = client.post("/login?next=https://evil.example/phish",
                           data={"email": "agent@council.example", "password": "correct horse battery",
                                 "csrf_token": csrf_token(client)})
    assert response.headers["Location"].endswith("/queue")


def test_a_post_without_a_csrf_token_is_refused(client, make_user, session):
    make_user("agent@council.example")
    session.commit()
    response = client.post("/login", data={"email": "agent@council.example", "password": "correct horse battery"})
    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)
    assert client.get("/queue").status_code == 302


def test_sign_out(client, make_user, sign_in, session):
    make_user("agent@council.example")
    session.commit()
    sign_in("agent@council.example")
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/queue")})
    assert response.status_code == 302
    assert client.get("/queue").status_code == 302
