"""The public contact form: GOV.UK error summary, nothing stored on bad input, CSRF, reference."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from tests.web.conftest import csrf_token
from triage.models import Conversation, Message

GOOD = {
    "sender_name": "Kerry Thornbury",
    "sender_email": "kerry.t@example.org",
    "child_name": "Maisie Thornbury",
    "child_dob-day": "4",
    "child_dob-month": "5",
    "child_dob-year": "2016",
    "subject": "Assessment decision",
    "body": "We asked for an assessment in June and have heard nothing.",
}


def _count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Message.id)))


def test_the_form_has_labels_and_hints(client):
    page = client.get("/contact").get_data(as_text=True)
    for field in ("sender_name", "sender_email", "child_name", "child_dob-day", "subject", "body"):
        assert f'<label class="label' in page and f'for="{field}"' in page, field
    assert 'id="sender_email-hint"' in page and 'aria-describedby="sender_email-hint"' in page
    assert "/static/css/public.css" in page and "cdn" not in page.lower()


def test_missing_fields_give_an_error_summary_and_store_nothing(client, session):
    before = _count(session)
    response = client.post("/contact", data={"csrf_token": csrf_token(client, "/contact"), "child_dob-day": "4",
                                             "sender_email": "not-an-email"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    summary = re.search(r'<div class="error-summary"[^>]*role="alert".*?</div>\s*</div>', page, re.S)
    assert summary, "the error summary must be announced (role=alert)"
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))
    assert [target for target, _ in links] == ["sender_name", "sender_email", "child_dob-day", "body"]
    assert ("sender_name", "Enter your full name") in links
    assert 'id="body-error"' in page and 'aria-describedby="body-hint body-error"' in page
    assert page.count("<title>Error: ") == 1
    assert 'value="not-an-email"' in page  # what was typed is kept
    assert _count(session) == before


def test_a_good_message_is_stored_queued_and_given_a_reference(client, session, enqueued):
    response = client.post("/contact", data={**GOOD, "csrf_token": csrf_token(client, "/contact")})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    reference = re.search(r"TRG-[0-9A-Z]{6}", page)
    assert reference and "Message sent" in page
    session.expire_all()
    message = session.scalar(select(Message).where(Message.sender_email == "kerry.t@example.org"))
    assert message.channel == "form" and message.status == "received"
    assert json.loads(message.raw)["child_dob"] == "2016-05-04"
    assert enqueued == [message.id]
    conversation = session.get(Conversation, message.conversation_id)
    assert conversation.token == reference.group(0)
    assert client.get("/contact/sent").status_code == 302  # the reference is shown once


def test_a_post_without_csrf_is_refused(client, session, enqueued):
    before = _count(session)
    response = client.post("/contact", data=GOOD)
    assert response.status_code == 400
    assert _count(session) == before and enqueued == []


def test_an_incomplete_date_of_birth_is_named(client, session):
    data = {**GOOD, "child_dob-year": "", "csrf_token": csrf_token(client, "/contact")}
    page = client.post("/contact", data=data).get_data(as_text=True)
    assert "Date of birth must include a day, month and year" in page
