"""The JSON API: token auth, field-level errors, stored submissions, raw mail and its size cap."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from sqlalchemy import func, select

from triage.models import ApiToken, Message
from web import create_app

TOKEN = "test-token-" + "a" * 32
GOOD = {"channel": "form", "sender_name": "Kerry Thornbury", "sender_email": "kerry.t@example.org",
        "child_name": "Maisie Thornbury", "child_dob": "2016-05-04", "subject": "Assessment",
        "body": "Still waiting for the decision.", "received_at": "2026-11-23T09:12:00Z"}
MAIL = (b"From: Kerry <kerry.t@example.org>\r\nTo: send@council.example\r\nSubject: Hello\r\n"
        b"Message-ID: <api-1@example.org>\r\n\r\nHello there.\r\n")


@pytest.fixture
def auth(session) -> dict[str, str]:
    session.add(ApiToken(name="portal", token_sha256=hashlib.sha256(TOKEN.encode()).hexdigest()))
    session.add(ApiToken(name="old", token_sha256=hashlib.sha256(b"revoked-token").hexdigest(), active=False))
    session.commit()
    return {"Authorization": f"Bearer {TOKEN}"}


def _count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Message.id)))


def test_no_token_or_a_bad_one_is_401(client, auth):
    assert client.post("/api/v1/messages", json=GOOD).status_code == 401
    assert client.post("/api/v1/messages", json=GOOD, headers={"Authorization": "Bearer nope"}).status_code == 401
    revoked = client.post("/api/v1/messages", json=GOOD, headers={"Authorization": "Bearer revoked-token"})
    assert revoked.status_code == 401 and revoked.headers["WWW-Authenticate"].startswith("Bearer")


def test_bad_fields_are_named(client, auth, session):
    before = _count(session)
    response = client.post("/api/v1/messages", json={**GOOD, "sender_email": "nope", "body": "", "child_dob": "31/02/2016"},
                           headers=auth)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert set(errors) == {"sender_email", "body", "child_dob"}
    assert "email address" in errors["sender_email"]
    assert client.post("/api/v1/messages", data="not json", headers=auth).status_code == 400
    assert _count(session) == before


def test_a_good_submission_is_stored_and_queued(client, auth, session, enqueued):
    response = client.post("/api/v1/messages", json=GOOD, headers=auth)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "received" and body["conversation_ref"].startswith("TRG-")
    session.expire_all()
    message = session.get(Message, body["id"])
    assert (message.channel, message.sender_email, message.source) == ("form", "kerry.t@example.org", "api:portal")
    assert enqueued == [message.id]
    again = client.post("/api/v1/messages", json=GOOD, headers=auth)  # the same submission twice: stored once
    assert again.status_code == 200 and again.get_json()["id"] == body["id"] and enqueued == [message.id]


def test_raw_mail_is_stored_and_queued(client, auth, session, enqueued):
    response = client.post("/api/v1/raw-mail", data=MAIL, headers={**auth, "Content-Type": "message/rfc822"})
    assert response.status_code == 201
    session.expire_all()
    message = session.get(Message, response.get_json()["id"])
    assert message.raw == MAIL and message.channel == "email"
    assert enqueued == [message.id]
    wrong_type = client.post("/api/v1/raw-mail", data=MAIL, headers={**auth, "Content-Type": "text/plain"})
    assert wrong_type.status_code == 415


def test_raw_mail_over_the_cap_is_413(runtime, auth, session, enqueued):
    small = dataclasses.replace(runtime, settings=dataclasses.replace(runtime.settings, max_message_bytes=2048))
    app = create_app(small)
    app.config["TRIAGE_ENQUEUE"] = enqueued.append
    before = _count(session)
    response = app.test_client().post("/api/v1/raw-mail", data=MAIL + b"x" * 3000,
                                      headers={**auth, "Content-Type": "message/rfc822"})
    assert response.status_code == 413
    assert "limit" in response.get_json()["error"]
    assert _count(session) == before and enqueued == []
