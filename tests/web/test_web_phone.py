"""Logging a phone call: per-field errors, nothing stored on bad input, a phone contact queued for triage."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from tests.web.conftest import csrf_token
from triage.models import AuditEvent, Conversation, Message

GOOD = {"caller_name": "Dana Whitfield", "caller_phone": "0116 496 0123", "child_name": "Amara Okafor",
        "child_dob": "12/03/2015", "said": "Chasing the final plan for SEN104217, week 21 now.", "outcome": "call_back"}


def _messages(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Message.id)))


def test_bad_input_gives_an_error_summary_per_field_and_stores_nothing(client, sign_in, session, make_user):
    make_user("agent@council.example", teams=("Contact Centre",))
    session.commit()
    sign_in("agent@council.example")
    page = client.get("/phone/").get_data(as_text=True)
    for field in ("caller_name", "caller_phone", "caller_email", "child_name", "child_dob", "said"):
        assert f'<label for="{field}">' in page, field
    cases = [
        ({}, ["caller_name", "caller_phone", "said", "outcome-answered"]),
        ({**GOOD, "caller_phone": "", "caller_email": ""}, ["caller_phone"]),
        ({**GOOD, "caller_phone": "ring me"}, ["caller_phone"]),
        ({**GOOD, "caller_email": "dana@"}, ["caller_email"]),
        ({**GOOD, "child_dob": "31/02/2015"}, ["child_dob"]),
        ({**GOOD, "outcome": "hung up"}, ["outcome-answered"]),
    ]
    for data, anchors in cases:
        response = client.post("/phone/", data={**data, "csrf_token": csrf_token(client, "/phone/")})
        text = response.get_data(as_text=True)
        summary = re.search(r'<div class="error-summary".*?</ul>', text, re.S)
        assert summary, data
        assert re.findall(r'<a href="#([^"]+)">', summary.group(0)) == anchors, data
        if data.get("said"):
            assert GOOD["said"] in text  # what the agent typed is kept
    assert "Enter a phone number or an email address for the caller" in client.post(
        "/phone/", data={**GOOD, "caller_phone": "", "csrf_token": csrf_token(client, "/phone/")}).get_data(as_text=True)
    assert _messages(session) == 0


def test_a_call_becomes_a_phone_contact_queued_for_triage(client, sign_in, session, make_user, enqueued):
    agent = make_user("agent@council.example", teams=("Contact Centre",))
    session.commit()
    sign_in("agent@council.example")
    response = client.post("/phone/", data={**GOOD, "csrf_token": csrf_token(client, "/phone/")})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    token = re.search(r"Call logged as (TRG-[0-9A-Z]{6})", page)
    assert token
    session.expire_all()
    message = session.scalars(select(Message)).one()
    assert (message.channel, message.direction, message.status) == ("phone", "inbound", "received")
    assert message.sender_email is None and message.sender == "Dana Whitfield (phone 0116 496 0123)"
    fields = json.loads(message.raw)
    assert fields["sender_phone"] == "0116 496 0123" and fields["child_dob"] == "2015-03-12"
    assert fields["body"].endswith("Outcome of the call: The caller asked to be called back")
    assert enqueued == [message.id]  # the same processing job as mail: classify, link, route, clocks
    conversation = session.get(Conversation, message.conversation_id)
    assert conversation.token == token.group(1)
    logged = session.scalars(select(AuditEvent).where(AuditEvent.action == "conversation.phone_logged")).one()
    assert (logged.actor_user_id, logged.details["outcome"]) == (agent.id, "call_back")


def test_managers_cannot_log_calls(client, sign_in, session, make_user):
    make_user("manager@council.example", role="manager")
    session.commit()
    sign_in("manager@council.example")
    assert client.get("/phone/").status_code == 403
    token = csrf_token(client, "/queue")
    assert client.post("/phone/", data={**GOOD, "csrf_token": token}).status_code == 403
    assert client.post("/phone/", data=GOOD).status_code in (400, 403)  # forged: no CSRF token
    assert _messages(session) == 0
