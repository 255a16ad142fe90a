"""Replies from the conversation page, sent through a real local SMTP server (aiosmtpd) that captures them."""

from __future__ import annotations

import dataclasses
import html as htmllib
import re
import socket
from datetime import date, timedelta
from email import message_from_bytes
from email.message import Message as EmailMessage

import pytest
from flask import Flask
from sqlalchemy import select

from tests.web.conftest import csrf_token
from triage.clocks.kinds import start_of_day
from triage.db import utcnow
from triage.models import AuditEvent, Clock, Conversation, Message, ReplyTemplate
from triage.runtime import Runtime
from triage.services.clocks import service_clock, start_service_clock
from web import create_app

TEMPLATE_BODY = (
    "Dear {{ family_name }},\n\nThank you about {{ child_name }}. Your case officer is {{ case_officer }}.\n"
    "{{ next_statutory }}\n\n{{ how_to_appeal }}\n\n{{ sendiass }}\n\n{{ agent_name }}, ref {{ reference }}"
)


@pytest.fixture
def app(runtime: Runtime, enqueued: list[int], smtp_capture) -> Flask:
    """The app with TRIAGE_SMTP_HOST pointing at the capturing server."""
    host, port, _capture = smtp_capture
    settings = dataclasses.replace(runtime.settings, smtp_host=host, smtp_port=port, mail_from="send@council.example",
                                   extra={**runtime.settings.extra, "TRIAGE_SENDIASS_TEXT": "Call Leicestershire SENDIASS on 0116 000 0000."})
    app = create_app(dataclasses.replace(runtime, settings=settings))
    app.config["TESTING"] = True
    app.config["TRIAGE_ENQUEUE"] = enqueued.append
    return app


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*? value="([^"]*)"', page)
    assert found, f"no {name} field"
    return htmllib.unescape(found.group(1))


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea id="{name}" name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, f"no {name} textarea"
    return htmllib.unescape(found.group(1))


def _setup(session, make_user, make_case, make_conversation, *, link_status: str = "linked", clock_due: date | None = date(2027, 3, 14)):
    agent = make_user("agent@council.example", teams=("Assessment",))
    case = make_case("Amara", "Okafor", case_ref="SEN104217", case_officer="Officer Ada")
    conversation = make_conversation(case_id=case.id, link_status=link_status, subject="Where is the plan?")
    message = conversation.messages[0]
    message.message_id = "m1@example.org"
    message.references = "m0@example.org"
    message.sender_name = "Dana Okafor"
    if clock_due is not None:
        session.add(Clock(kind="final_plan", case_id=case.id, amount=20, starts_at=utcnow() - timedelta(weeks=10),
                          base_due_on=clock_due, due_on=clock_due, due_at=start_of_day(clock_due + timedelta(days=1)), state="running", paused_spans=[]))
        session.add(Clock(kind="assessment_decision", case_id=case.id, amount=6, starts_at=utcnow() - timedelta(weeks=20),
                          base_due_on=clock_due - timedelta(days=60), due_on=clock_due - timedelta(days=60),
                          due_at=start_of_day(clock_due), state="met",
                          stopped_at=utcnow(), paused_spans=[]))  # met: not "next"
    start_service_clock(session, conversation.id, utcnow() - timedelta(days=1))
    template = ReplyTemplate(name="Plan update", subject="", body=TEMPLATE_BODY)
    session.add(template)
    session.commit()
    return agent, case, conversation, template


def test_a_reply_from_a_template_reaches_the_mail_server_threaded_and_is_stored(
        client, sign_in, session, make_user, make_case, make_conversation, smtp_capture):
    _host, _port, capture = smtp_capture
    agent, _case, conversation, template = _setup(session, make_user, make_case, make_conversation)
    sign_in("agent@council.example")
    page = client.get(f"/conversations/{conversation.id}/reply?template={template.id}").get_data(as_text=True)
    body = _textarea(page, "body")
    assert body.startswith("Dear Dana Okafor,\n\nThank you about Amara Okafor. Your case officer is Officer Ada.")
    assert "The next statutory date on Amara Okafor's case is 14 March 2027: by then the council must issue the final EHC plan" in body
    assert "2 months" in body and "mediation" in body and "Call Leicestershire SENDIASS on 0116 000 0000." in body
    assert body.endswith(f"Agent, ref {conversation.token}")
    response = client.post(f"/conversations/{conversation.id}/reply", data={
        "csrf_token": _field(page, "csrf_token"), "version": _field(page, "version"), "subject": _field(page, "subject"),
        "body": body, "action": "send"})
    assert response.status_code == 303, response.get_data(as_text=True)

    assert len(capture.envelopes) == 1
    envelope = capture.envelopes[0]
    sent: EmailMessage = message_from_bytes(envelope.original_content)
    assert envelope.rcpt_tos == [conversation.participants[0]]
    assert sent["In-Reply-To"] == "<m1@example.org>"
    assert sent["References"] == "<m0@example.org> <m1@example.org>"
    assert sent["Subject"] == f"Re: Where is the plan? [{conversation.token}]"
    assert "Officer Ada" in sent.get_payload(decode=True).decode()

    session.expire_all()
    stored = session.scalars(select(Message).where(Message.conversation_id == conversation.id, Message.direction == "outbound")).all()
    assert len(stored) == 1
    reply = stored[0]
    assert (reply.status, reply.channel, reply.sent_by_user_id) == ("outbound", "email", agent.id)
    assert f"<{reply.message_id}>" == sent["Message-ID"] and reply.in_reply_to == "m1@example.org"
    assert b"Officer Ada" in reply.raw
    clock = service_clock(session, conversation.id)
    assert clock.stopped_at is not None and clock.state == "met"
    assert session.get(Conversation, conversation.id).status == "open"
    replied = session.scalars(select(AuditEvent).where(AuditEvent.action == "conversation.replied")).one()
    assert replied.object_id == conversation.id and replied.actor_user_id == agent.id


def test_the_preview_escapes_everything_and_sends_nothing(client, sign_in, session, make_user, make_case, make_conversation, smtp_capture):
    _host, _port, capture = smtp_capture
    _setup(session, make_user, make_case, make_conversation)
    conversation = session.scalars(select(Conversation)).first()
    sign_in("agent@council.example")
    page = client.get(f"/conversations/{conversation.id}/reply").get_data(as_text=True)
    response = client.post(f"/conversations/{conversation.id}/reply", data={
        "csrf_token": _field(page, "csrf_token"), "version": _field(page, "version"), "subject": "Hello <i>x</i>",
        "body": "Dear family <script>alert(1)</script> {{ child_name }}", "action": "preview"})
    preview = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Preview: the email as it will be sent" in preview
    assert "<script>alert(1)</script>" not in preview and "&lt;script&gt;alert(1)&lt;/script&gt;" in preview
    assert f"Re: Hello &lt;i&gt;x&lt;/i&gt; [{conversation.token}]" in preview
    assert "{{ child_name }}" in preview  # the agent's own draft is never run as a template
    assert capture.envelopes == []
    session.expire_all()
    assert session.scalars(select(Message).where(Message.direction == "outbound")).all() == []


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("smtp_host", [None, "127.0.0.1"], ids=["not-configured", "refused"])
def test_when_mail_cannot_be_sent_nothing_is_stored_and_the_draft_is_kept(
        runtime, session, make_user, make_case, make_conversation, smtp_host):
    _agent, _case, conversation, _template = _setup(session, make_user, make_case, make_conversation)
    settings = dataclasses.replace(runtime.settings, smtp_host=smtp_host, smtp_port=_unused_port())
    app = create_app(dataclasses.replace(runtime, settings=settings))
    app.config["TESTING"] = True
    client = app.test_client()
    client.post("/login", data={"email": "agent@council.example", "password": "correct horse battery",
                                "csrf_token": csrf_token(client)})
    page = client.get(f"/conversations/{conversation.id}/reply").get_data(as_text=True)
    if smtp_host is None:
        assert "No mail server is configured" in page
    draft = "Dear Dana,\nThe plan is with the panel on Thursday."
    response = client.post(f"/conversations/{conversation.id}/reply", data={
        "csrf_token": _field(page, "csrf_token"), "version": _field(page, "version"), "subject": "About the plan",
        "body": draft, "await_family": "1", "action": "send"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    expected = "no mail server is configured (TRIAGE_SMTP_HOST)" if smtp_host is None else "could not be reached or refused"
    assert expected in text and 'role="alert"' in text
    assert _textarea(text, "body") == draft and _field(text, "subject") == "About the plan"
    assert 'id="await_family" name="await_family" value="1" checked' in text
    session.expire_all()
    assert session.scalars(select(Message).where(Message.direction == "outbound")).all() == []
    assert service_clock(session, conversation.id).stopped_at is None
    assert session.get(Conversation, conversation.id).status == "new"
    failed = session.scalars(select(AuditEvent).where(AuditEvent.action == "conversation.reply_failed")).one()
    assert failed.object_id == conversation.id


def test_a_stale_page_sends_nothing_keeps_the_draft_and_a_second_click_sends(
        client, sign_in, session, make_user, make_case, make_conversation, smtp_capture):
    _host, _port, capture = smtp_capture
    _agent, _case, conversation, _template = _setup(session, make_user, make_case, make_conversation)
    sign_in("agent@council.example")
    page = client.get(f"/conversations/{conversation.id}/reply").get_data(as_text=True)
    fresh = session.get(Conversation, conversation.id)
    fresh.last_activity_at = utcnow() + timedelta(seconds=5)  # new mail arrived meanwhile
    session.commit()
    form = {"csrf_token": _field(page, "csrf_token"), "version": _field(page, "version"), "subject": "Plan",
            "body": "My careful draft", "action": "send", "await_family": "1"}
    response = client.post(f"/conversations/{conversation.id}/reply", data=form)
    text = response.get_data(as_text=True)
    assert "changed after you opened it" in text and _textarea(text, "body") == "My careful draft"
    assert capture.envelopes == []
    again = client.post(f"/conversations/{conversation.id}/reply", data={**form, "version": _field(text, "version")})
    assert again.status_code == 303 and len(capture.envelopes) == 1
    session.expire_all()
    assert session.get(Conversation, conversation.id).status == "awaiting_family"


def test_case_details_stay_out_of_a_reply_unless_the_link_is_certain(
        client, sign_in, session, make_user, make_case, make_conversation):
    _agent, _case, conversation, template = _setup(session, make_user, make_case, make_conversation,
                                                   link_status="suggested")
    sign_in("agent@council.example")
    page = client.get(f"/conversations/{conversation.id}/reply?template={template.id}").get_data(as_text=True)
    body = _textarea(page, "body")
    assert "Amara" not in body and "Officer Ada" not in body and "SEN104217" not in body
    assert "Thank you about your child. Your case officer is the SEND team." in body
    assert "There is no statutory deadline running on your child's case at the moment." in body


def test_no_running_deadline_is_said_plainly(client, sign_in, session, make_user, make_case, make_conversation):
    _agent, _case, conversation, template = _setup(session, make_user, make_case, make_conversation, clock_due=None)
    sign_in("agent@council.example")
    body = _textarea(client.get(f"/conversations/{conversation.id}/reply?template={template.id}").get_data(as_text=True), "body")
    assert "There is no statutory deadline running on your child's case at the moment." in body


def test_only_the_conversations_team_may_reply(client, sign_in, session, make_user, make_case, make_conversation, smtp_capture):
    _setup(session, make_user, make_case, make_conversation)
    conversation = session.scalars(select(Conversation)).first()
    make_user("manager@council.example", role="manager")
    make_user("other@council.example", teams=("Placements",))
    session.commit()
    for email, status in (("manager@council.example", 403), ("other@council.example", 404)):
        sign_in(email)
        assert client.get(f"/conversations/{conversation.id}/reply").status_code == status
        token = csrf_token(client, "/queue")
        response = client.post(f"/conversations/{conversation.id}/reply",
                               data={"csrf_token": token, "subject": "x", "body": "y", "action": "send"})
        assert response.status_code == status
        client.post("/logout", data={"csrf_token": token})
    assert smtp_capture[2].envelopes == []
    response = client.post(f"/conversations/{conversation.id}/reply", data={"subject": "x", "body": "y", "action": "send"})
    assert response.status_code in (302, 400)  # signed out, no CSRF token: refused either way
    assert smtp_capture[2].envelopes == []


def test_others_see_who_is_writing_a_reply_until_it_is_sent(
        app, session, make_user, make_case, make_conversation, smtp_capture):
    _agent, _case, conversation, _template = _setup(session, make_user, make_case, make_conversation)
    make_user("colleague@council.example", teams=("Assessment",))
    session.commit()
    writer, reader = app.test_client(), app.test_client()
    for client, email in ((writer, "agent@council.example"), (reader, "colleague@council.example")):
        client.post("/login", data={"email": email, "password": "correct horse battery", "csrf_token": csrf_token(client)})
    page = writer.get(f"/conversations/{conversation.id}/reply").get_data(as_text=True)
    seen = reader.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert "<strong>Agent</strong>\n  is writing a reply" in seen
    assert 'src="/static/js/presence.js"' in seen and "<script>" not in seen
    fragment = reader.get(f"/conversations/{conversation.id}/presence").get_data(as_text=True)
    assert "is writing a reply" in fragment
    mine = writer.get(f"/conversations/{conversation.id}/presence").get_data(as_text=True)
    assert "writing a reply" not in mine and "Colleague" in mine  # the writer sees the reader, not themself
    writer.post(f"/conversations/{conversation.id}/reply", data={
        "csrf_token": _field(page, "csrf_token"), "version": _field(page, "version"), "subject": "Plan",
        "body": "Sent now", "action": "send"})
    assert "writing a reply" not in reader.get(f"/conversations/{conversation.id}/presence").get_data(as_text=True)
    session.expire_all()
    started = session.scalars(select(AuditEvent).where(AuditEvent.action == "conversation.reply_started")).all()
    assert [e.object_id for e in started] == [conversation.id]


def test_administrators_manage_templates_and_unsafe_ones_are_refused(client, sign_in, session, make_user):
    make_user("admin@council.example", role="admin")
    make_user("agent@council.example", teams=("Assessment",))
    session.commit()
    sign_in("agent@council.example")
    assert client.get("/admin/templates/").status_code == 403
    token = csrf_token(client, "/queue")
    assert client.post("/admin/templates/new", data={"csrf_token": token, "name": "x", "body": "y"}).status_code == 403
    client.post("/logout", data={"csrf_token": token})

    sign_in("admin@council.example")
    token = csrf_token(client, "/admin/templates/new")
    bad = client.post("/admin/templates/new", data={"csrf_token": token, "name": "", "subject": "",
                                                    "body": "Dear {{ family_name.__class__.__mro__ }} {{ nope }}"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "There is a problem" in page
    assert '<a href="#name">Enter a name for the template</a>' in page
    assert "unsafe" in page and 'aria-invalid="true"' in page
    assert session.scalars(select(ReplyTemplate)).all() == []

    made = client.post("/admin/templates/new", data={"csrf_token": token, "name": "Acknowledge", "subject": "",
                                                     "body": "Dear {{ family_name }},\n<b>{{ next_statutory }}</b>", "active": "1"})
    assert made.status_code == 303
    template = session.scalars(select(ReplyTemplate)).one()
    edit = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "Preview with made-up values" in edit and "Dear Ms Okafor," in edit
    assert "&lt;b&gt;The next statutory date on Amara Okafor&#39;s case is 14 March 2027" in edit
    clash = client.post("/admin/templates/new", data={"csrf_token": token, "name": "acknowledge", "body": "Hi"})
    assert "Another template already has this name" in clash.get_data(as_text=True)
    retired = client.post(f"/admin/templates/{template.id}", data={"csrf_token": token, "name": "Acknowledge",
                                                                   "subject": "Your contact", "body": "Hi"})
    assert retired.status_code == 303
    session.expire_all()
    assert (template.subject, template.active) == ("Your contact", False)
    assert client.post(f"/admin/templates/{template.id}/delete", data={"csrf_token": token}).status_code == 303
    session.expire_all()
    assert session.scalars(select(ReplyTemplate)).all() == []
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "reply_template")).all()
    assert actions == ["reply_template.created", "reply_template.changed", "reply_template.deleted"]
