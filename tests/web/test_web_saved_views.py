"""Saved queue views over HTTP: save, list with counts, open, rename, delete; CSRF, roles and bad input.

The queue page includes saved_views/_list.html; these tests render the partial through a route of
their own (the same include inside base.html), so they do not depend on the queue template.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask, render_template_string
from playwright.sync_api import Browser
from sqlalchemy import select

from tests.web.browser_kit import no_axe_violations, serving, sqlite_runtime
from tests.web.browser_kit import sign_in as browser_sign_in
from tests.web.conftest import PASSWORD, csrf_token
from triage.db import session_scope, utcnow
from triage.models import Conversation, SavedView, Team
from triage.services.routing import ensure_default_teams_and_rules
from triage.services.users import create_user
from web import create_app

PARTIAL_PAGE = '{% extends "base.html" %}{% block content %}<h1>Queue</h1>{% include "saved_views/_list.html" %}{% endblock %}'


@pytest.fixture
def app(app: Flask) -> Flask:
    app.add_url_rule("/_test/saved-views", "test_saved_views", lambda: render_template_string(PARTIAL_PAGE))
    return app


def _listed(client, query: str = "") -> list[tuple[str, int, bool]]:
    """(name, count, is current) for each view the partial lists."""
    page = client.get("/_test/saved-views" + ("?" + query if query else "")).get_data(as_text=True)
    found = re.findall(r'<a href="[^"]*" data-saved-view="\d+" (aria-current="page")?>([^<]+) · <span class="count">(\d+)</span>', page)
    return [(html.unescape(name), int(count), bool(current)) for current, name, count in found]


def _save(client, name: str, query: str, **extra: str):
    token = csrf_token(client, "/_test/saved-views?" + query)
    return client.post("/views/", data={"csrf_token": token, "name": name, "query": query, **extra})


def _stored(session) -> list[tuple[str, str, int | None]]:
    session.expire_all()
    return [(v.name, v.query, v.team_id) for v in session.scalars(select(SavedView).order_by(SavedView.id))]


def test_an_agent_saves_the_filters_and_sees_the_view_with_its_count(client, make_user, make_conversation, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    for subject in ("No place", "No transport"):
        make_conversation("Assessment", subject, urgent=True)
    make_conversation("Assessment", "Not urgent")
    make_conversation("Placements", "Another team's urgent", urgent=True)
    session.commit()
    sign_in("agent@council.example")
    page = client.get("/_test/saved-views?urgent=1&assignee=none&status=active").get_data(as_text=True)
    assert 'name="query" value="assignee=none&amp;urgent=1"' in page  # what Save would keep, normalised

    response = _save(client, "Urgent unassigned", "urgent=1&assignee=none&page=2")
    assert response.status_code == 303 and response.headers["Location"] == "/queue?assignee=none&urgent=1"
    assert "Saved the view &#39;Urgent unassigned&#39;." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _listed(client) == [("Urgent unassigned", 2, False)]
    assert _listed(client, "urgent=1&assignee=none") == [("Urgent unassigned", 2, True)]

    view_id = session.scalar(select(SavedView.id))
    opened = client.get(f"/views/{view_id}")
    assert opened.status_code == 303 and opened.headers["Location"] == "/queue?assignee=none&urgent=1"
    assert "Manage saved views" in client.get("/_test/saved-views").get_data(as_text=True)


def test_no_filters_means_no_save_form(client, make_user, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    session.commit()
    sign_in("agent@council.example")
    page = client.get("/_test/saved-views?status=active&page=3").get_data(as_text=True)
    assert "None yet" in page and "Save these filters" not in page
    assert "Save these filters" in client.get("/_test/saved-views?clock=overdue").get_data(as_text=True)


@pytest.mark.parametrize(("name", "problem"), [
    ("", "Enter a name for the view."),
    ("n" * 200, "The name must be 80 characters or fewer (this one has 200)."),
    ("mine", "You already have a view called &#39;mine&#39;; choose another name."),
])
def test_bad_names_are_refused_with_a_clear_message(client, make_user, sign_in, session, name, problem):
    make_user("agent@council.example", teams=("Assessment",))
    session.commit()
    sign_in("agent@council.example")
    _save(client, "Mine", "assignee=me")
    response = _save(client, name, "clock=overdue")
    assert response.headers["Location"] == "/queue?clock=overdue"  # back to the filters they had
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"The view was not saved: {problem}" in page
    assert _stored(session) == [("Mine", "assignee=me", None)]


def test_forged_posts_are_refused_by_csrf(client, make_user, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    session.commit()
    sign_in("agent@council.example")
    _save(client, "Mine", "assignee=me")
    view_id = session.scalar(select(SavedView.id))
    assert client.post("/views/", data={"name": "Forged", "query": "urgent=1"}).status_code == 400
    assert client.post(f"/views/{view_id}/rename", data={"name": "Forged"}).status_code == 400
    assert client.post(f"/views/{view_id}/delete").status_code == 400
    assert _stored(session) == [("Mine", "assignee=me", None)]


def test_signed_out_people_are_sent_to_sign_in(client, session):
    assert client.get("/views/").headers["Location"].startswith("/login")
    response = client.post("/views/", data={"csrf_token": csrf_token(client), "name": "Anon", "query": "urgent=1"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert _stored(session) == []


def test_someone_elses_view_cannot_be_opened_renamed_or_deleted(client, make_user, sign_in, session):
    make_user("owner@council.example", teams=("Assessment",))
    make_user("other@council.example", teams=("Assessment",))
    session.commit()
    sign_in("owner@council.example")
    _save(client, "Owner's", "assignee=me")
    view_id = session.scalar(select(SavedView.id))
    client.post("/logout", data={"csrf_token": csrf_token(client, "/views/")})

    sign_in("other@council.example")
    assert client.get(f"/views/{view_id}").status_code == 404
    token = csrf_token(client, "/views/")
    for action, data in (("rename", {"name": "Mine now"}), ("delete", {})):
        response = client.post(f"/views/{view_id}/{action}", data={"csrf_token": token, **data})
        assert response.status_code == 303
        assert "does not exist or is not yours to change" in client.get("/views/").get_data(as_text=True)
    assert _listed(client) == []
    assert _stored(session) == [("Owner's", "assignee=me", None)]


def test_the_owner_renames_and_deletes_on_the_manage_page(client, make_user, make_conversation, sign_in, session):
    make_user("agent@council.example", teams=("Assessment",))
    make_conversation("Assessment", "Late", due_in=None)
    session.commit()
    sign_in("agent@council.example")
    _save(client, "No date", "clock=no_due_date")
    _save(client, "Mine", "assignee=me")
    view_id = session.scalar(select(SavedView.id).where(SavedView.name == "No date"))
    page = client.get("/views/").get_data(as_text=True)
    assert "Clock: no due date" in page and "Assignee: me" in page

    token = csrf_token(client, "/views/")
    client.post(f"/views/{view_id}/rename", data={"csrf_token": token, "name": "MINE"})
    assert "The view was not renamed: You already have a view called &#39;MINE&#39;" in client.get("/views/").get_data(as_text=True)
    client.post(f"/views/{view_id}/rename", data={"csrf_token": token, "name": "Undated"})
    assert _listed(client) == [("Mine", 0, False), ("Undated", 1, False)]
    client.post(f"/views/{view_id}/delete", data={"csrf_token": token})
    assert "Deleted the view &#39;Undated&#39;." in client.get("/views/").get_data(as_text=True)
    assert _stored(session) == [("Mine", "assignee=me", None)]


def test_a_team_lead_shares_a_view_and_each_member_sees_their_own_count(client, make_user, make_conversation, sign_in, session):
    make_user("lead@council.example", role="team_lead", teams=("Assessment", "Placements"))
    make_user("agent@council.example", teams=("Assessment",))
    make_user("placements@council.example", teams=("Placements",))
    make_conversation("Assessment", "Assessment urgent", urgent=True)
    make_conversation("Placements", "Placements urgent", urgent=True)
    session.commit()
    assessment = session.scalar(select(Team.id).where(Team.name == "Assessment"))

    sign_in("lead@council.example")
    assert "Share with" in client.get("/_test/saved-views?urgent=1").get_data(as_text=True)
    _save(client, "Urgent", "urgent=1", team=str(assessment))
    assert _listed(client) == [("Urgent", 2, False)]  # the lead sees both teams
    client.post("/logout", data={"csrf_token": csrf_token(client, "/views/")})

    sign_in("agent@council.example")
    page = client.get("/_test/saved-views?urgent=1").get_data(as_text=True)
    assert "Share with" not in page and "(Assessment)" in page
    assert _listed(client) == [("Urgent", 1, False)]  # counted in the agent's own scope
    assert "Only Lead can change it" in client.get("/views/").get_data(as_text=True)
    _save(client, "Sneaky share", "urgent=1", team=str(assessment))
    assert "Only team leads and administrators share views" in client.get("/queue").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/views/")})

    sign_in("placements@council.example")
    assert _listed(client) == []
    assert [(n, t is not None) for n, _, t in _stored(session)] == [("Urgent", True)]


def test_a_read_only_manager_keeps_views_of_everything(client, make_user, make_conversation, sign_in, session):
    make_user("manager@council.example", role="manager")
    make_conversation("Assessment", "One", urgent=True)
    make_conversation("Placements", "Two", urgent=True)
    session.commit()
    sign_in("manager@council.example")
    _save(client, "All urgent", "urgent=1")
    assert _listed(client) == [("All urgent", 2, False)]


@pytest.mark.browser
def test_saving_and_opening_a_view_in_the_browser(browser: Browser, tmp_path: Path, artefacts: Path) -> None:
    runtime = sqlite_runtime(tmp_path, "views")
    with session_scope(runtime.sessions) as s:
        ensure_default_teams_and_rules(s)
        create_user(s, "priya@council.example", role="agent", password=PASSWORD, teams=["Assessment"], name="Priya Shah")
        team = s.scalars(select(Team).where(Team.name == "Assessment")).one()
        now = utcnow()
        for i, (subject, urgent) in enumerate((("No school place since September", True), ("Annual review date", False))):
            s.add(Conversation(token=f"TRG-SVB{i}2Z", subject=subject, status="new", team=team, urgent=urgent,
                               priority=1 if urgent else 3, due_at=now + timedelta(days=1), created_at=now,
                               last_activity_at=now))
    app = create_app(runtime)
    app.config["TRIAGE_ENQUEUE"] = lambda message_id: None
    app.add_url_rule("/_test/saved-views", "test_saved_views", lambda: render_template_string(PARTIAL_PAGE))
    with serving(app) as url:
        page = browser.new_page()
        browser_sign_in(page, url, "priya@council.example", PASSWORD)
        page.goto(url + "/_test/saved-views?urgent=1&assignee=none")
        page.click("summary:has-text('Save these filters')")
        no_axe_violations(page, "saved views list")
        page.screenshot(path=str(artefacts / "saved-views-save.png"))
        page.fill("#saved-view-name", "Urgent unassigned")
        with page.expect_navigation():
            page.click("text=Save view")
        assert page.url == url + "/queue?assignee=none&urgent=1"
        assert "Saved the view 'Urgent unassigned'." in page.locator(".flashes").inner_text()

        page.goto(url + "/_test/saved-views")
        assert page.locator("[data-saved-view]").text_content() == "Urgent unassigned · 1 conversation"
        with page.expect_navigation():
            page.click("[data-saved-view]")
        assert page.locator("a.subject").all_inner_texts() == ["No school place since September"]

        page.goto(url + "/views/")
        no_axe_violations(page, "saved views page")
        page.screenshot(path=str(artefacts / "saved-views.png"), full_page=True)
        page.close()
    runtime.engine.dispose()
