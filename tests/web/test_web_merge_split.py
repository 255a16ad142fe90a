"""Merging two conversations and splitting a message off: team membership, stale pages, audit, clocks."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.web.conftest import csrf_token
from triage.db import utcnow
from triage.models import AuditEvent, Conversation, Message
from triage.services.clocks import service_clock, start_service_clock


def _version(page: str) -> str:
    found = re.search(r'name="version" value="([^"]+)"', page)
    assert found
    return found.group(1)


def _merge_page(client, target: Conversation, source_token: str):
    page = client.get(f"/conversations/{target.id}").get_data(as_text=True)
    return client.post(f"/conversations/{target.id}/merge", data={
        "csrf_token": csrf_token(client, f"/conversations/{target.id}"), "version": _version(page), "source": source_token})


def _confirm(client, target: Conversation, confirm_page: str):
    fields = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', confirm_page))
    return client.post(f"/conversations/{target.id}/merge", data=fields)


def test_merging_moves_the_messages_resolves_the_other_and_audits_both(client, sign_in, session, make_user, make_conversation):
    agent = make_user("agent@council.example", teams=("Assessment",))
    target = make_conversation(subject="Plan delayed", received_at=utcnow() - timedelta(hours=2))
    source = make_conversation(subject="Plan delayed again", urgent=True, topics=("communication",),
                               received_at=utcnow() - timedelta(days=3))
    start_service_clock(session, target.id, utcnow() - timedelta(hours=2))
    start_service_clock(session, source.id, utcnow() - timedelta(days=3))
    moved_id = source.messages[0].id
    session.commit()
    sign_in("agent@council.example")
    confirm = _merge_page(client, target, f" [{source.token.lower()}] ")
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and f"Merge {source.token} into {target.token}?" in page
    done = _confirm(client, target, page)
    assert done.status_code == 303
    assert "Merged" in client.get(done.headers["Location"]).get_data(as_text=True)

    session.expire_all()
    assert session.get(Message, moved_id).conversation_id == target.id
    merged = session.get(Conversation, source.id)
    kept = session.get(Conversation, target.id)
    assert merged.status == "resolved" and merged.due_at is None
    assert kept.urgent and set(kept.topics) == {"timeliness", "communication"}
    assert set(merged.participants) <= set(kept.participants)
    clock = service_clock(session, target.id)  # the family has waited since the earlier contact
    assert clock.starts_at < utcnow() - timedelta(days=2) and service_clock(session, source.id) is None
    events = {e.action: e for e in session.scalars(select(AuditEvent).where(AuditEvent.action.like("conversation.merged%")))}
    assert events["conversation.merged"].object_id == source.id and events["conversation.merged"].details["into_id"] == target.id
    assert events["conversation.merged_in"].details["message_ids"] == [moved_id]
    assert events["conversation.merged"].actor_user_id == agent.id
    shown = client.get(f"/conversations/{source.id}").get_data(as_text=True)
    assert "This conversation was merged into" in shown and f"/conversations/{target.id}" in shown


def test_merging_is_refused_across_teams_cases_and_stale_pages(client, sign_in, session, make_user, make_conversation, make_case):
    make_user("agent@council.example", teams=("Assessment",))
    target = make_conversation()
    elsewhere = make_conversation("Placements")
    first, second = make_case("Amara", "Okafor"), make_case("Maisie", "Thornbury")
    linked_a = make_conversation(case_id=first.id, link_status="linked")
    linked_b = make_conversation(case_id=second.id, link_status="linked")
    session.commit()
    sign_in("agent@council.example")
    # Another team's conversation is not even confirmed to exist.
    missing = _merge_page(client, target, elsewhere.token)
    assert missing.status_code == 303
    assert "No conversation you can see has that reference" in client.get(missing.headers["Location"]).get_data(as_text=True)
    # Different children's cases.
    refused = _confirm(client, linked_a, _merge_page(client, linked_a, linked_b.token).get_data(as_text=True))
    assert "linked to different cases" in client.get(refused.headers["Location"]).get_data(as_text=True)
    # The other conversation changed after the confirmation page was drawn.
    page = _merge_page(client, target, linked_a.token).get_data(as_text=True)
    fresh = session.get(Conversation, linked_a.id)
    fresh.last_activity_at = utcnow() + timedelta(seconds=5)
    session.commit()
    stale = _confirm(client, target, page)
    assert "changed after you opened it" in client.get(stale.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    assert all(session.get(Conversation, c.id).status == "new" for c in (target, linked_a, linked_b, elsewhere))
    assert len(session.get(Conversation, target.id).messages) == 1
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "conversation.merged")).all() == []


def test_a_message_is_split_into_a_new_conversation_with_the_same_case_link(client, sign_in, session, make_user,
                                                                              make_conversation, make_case):
    agent = make_user("agent@council.example", teams=("Assessment",))
    case = make_case()
    conversation = make_conversation(case_id=case.id, link_status="confirmed")
    other = make_conversation()
    second = other.messages[0]
    second.conversation_id = conversation.id  # two messages, two matters, one thread
    session.commit()
    session.expire_all()
    conversation = session.get(Conversation, conversation.id)
    sign_in("agent@council.example")
    page = client.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert page.count("Split this message into a new conversation") == 2
    response = client.post(f"/conversations/{conversation.id}/split", data={
        "csrf_token": csrf_token(client, f"/conversations/{conversation.id}"), "version": _version(page),
        "message_id": second.id})
    assert response.status_code == 303
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    token = re.search(r"now in a new conversation, (TRG-[0-9A-Z]{6})", flashed)
    assert token
    session.expire_all()
    new = session.scalars(select(Conversation).where(Conversation.token == token.group(1))).one()
    assert session.get(Message, second.id).conversation_id == new.id
    assert (new.case_id, new.link_status, new.team_id) == (case.id, "confirmed", conversation.team_id)
    assert new.related_conversation_id == conversation.id and new.token != conversation.token
    assert service_clock(session, new.id) is not None
    split = session.scalars(select(AuditEvent).where(AuditEvent.action == "conversation.split")).one()
    assert (split.object_id, split.details["to_id"], split.actor_user_id) == (conversation.id, new.id, agent.id)
    # The last message cannot be split off, and a stale page splits nothing.
    page = client.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert "Split this message" not in page
    only = session.get(Conversation, conversation.id).messages[0].id
    refused = client.post(f"/conversations/{conversation.id}/split", data={
        "csrf_token": csrf_token(client, f"/conversations/{conversation.id}"), "version": _version(page), "message_id": only})
    assert "cannot be split" in client.get(refused.headers["Location"]).get_data(as_text=True)
    stale = client.post(f"/conversations/{new.id}/split", data={
        "csrf_token": csrf_token(client, f"/conversations/{conversation.id}"), "version": "2000-01-01T00:00:00+00:00",
        "message_id": second.id})
    assert "changed after you opened it" in client.get(stale.headers["Location"]).get_data(as_text=True)


def test_managers_and_other_teams_cannot_merge_or_split(client, sign_in, session, make_user, make_conversation):
    make_user("manager@council.example", role="manager")
    make_user("other@council.example", teams=("Placements",))
    target, source = make_conversation(), make_conversation()
    message_id = source.messages[0].id
    session.commit()
    for email, status in (("manager@council.example", 403), ("other@council.example", 404)):
        sign_in(email)
        token = csrf_token(client, "/queue")
        merge = client.post(f"/conversations/{target.id}/merge", data={
            "csrf_token": token, "source": source.token, "confirm": "1", "version": "x", "source_version": "y"})
        split = client.post(f"/conversations/{source.id}/split", data={"csrf_token": token, "message_id": message_id})
        assert (merge.status_code, split.status_code) == (status, status)
        client.post("/logout", data={"csrf_token": token})
    session.expire_all()
    assert session.get(Message, message_id).conversation_id == source.id
