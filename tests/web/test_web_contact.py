"""The public contact form: GOV.UK Frontend served by the app (no CDN), error summary, nothing stored
on bad input, CSRF, reference; and the form still works when the kit is not installed."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from sqlalchemy import func, select

from tests.web.conftest import csrf_token
from triage.models import Conversation, Message
from triage.runtime import Runtime
from web import create_app, govuk_assets

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
        assert re.search(f'<label class="govuk-label[^"]*" for="{field}">', page), field
    assert 'id="sender_email-hint"' in page and 'aria-describedby="sender_email-hint"' in page
    assert "/static/css/public.css" in page and "cdn" not in page.lower()


def test_missing_fields_give_an_error_summary_and_store_nothing(client, session):
    before = _count(session)
    response = client.post("/contact", data={"csrf_token": csrf_token(client, "/contact"), "child_dob-day": "4",
                                             "sender_email": "not-an-email"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    summary = re.search(r'<div class="govuk-error-summary" data-module="govuk-error-summary">\s*<div role="alert">.*?</ul>',
                        page, re.DOTALL)
    assert summary, "the error summary must be announced (role=alert)"
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))
    assert [target for target, _ in links] == ["sender_name", "sender_email", "child_dob-day", "body"]
    assert ("sender_name", "Enter your full name") in links
    assert 'id="body-error"' in page and 'aria-describedby="body-info body-hint body-error"' in page
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


def _fetch(client, path: str, headers: dict[str, str] | None = None):
    """GET a file the app sends from disk, read it and close it (send_file holds the file open)."""
    response = client.get(path, headers=headers or {})
    response.get_data()
    response.close()
    return response


def test_the_kit_is_served_by_the_app_with_its_content_types(client):
    page = client.get("/contact").get_data(as_text=True)
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)">', page).group(1)
    assert stylesheet == "/govuk-frontend/govuk-frontend.min.css"
    css = _fetch(client, stylesheet)
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert b".govuk-error-summary" in css.data and css.headers["X-Content-Type-Options"] == "nosniff"
    # public.js imports the kit's ES module build by a relative URL: it must resolve to the kit.
    script = re.search(r'<script type="module" src="([^"]+)"></script>', page).group(1)
    module = _fetch(client, script).get_data(as_text=True)
    imported = re.search(r'import \{ initAll \} from "([^"]+)"', module).group(1)
    kit = _fetch(client, urljoin(script, imported))
    assert kit.status_code == 200 and kit.mimetype == "text/javascript"
    assert b"initAll" in kit.data and b"export{" in kit.data  # an ES module that exports initAll


def test_no_url_on_the_form_or_in_the_kit_leaves_the_app(client):
    page = client.get("/contact").get_data(as_text=True)
    urls = re.findall(r'(?:href|src|action)="([^"]*)"', page)
    assert len(urls) >= 5
    assert [u for u in urls if not u.startswith(("/", "#", "data:"))] == []
    css = _fetch(client, "/govuk-frontend/govuk-frontend.min.css").get_data(as_text=True)
    assert re.findall(r"url\((?![\"']?(?:/|data:))[^)]*\)", css) == []  # the kit's CSS points only at this app


def test_the_stylesheet_comes_without_gds_transport_and_revalidates(client):
    on_disk = (govuk_assets.KIT_DIST / "govuk-frontend.min.css").read_text()
    assert "@font-face" in on_disk  # what the precompiled kit ships
    response = _fetch(client, "/govuk-frontend/govuk-frontend.min.css")
    css = response.get_data(as_text=True)
    assert "@font-face" not in css and "/assets/fonts/" not in css
    assert ".govuk-error-summary" in css and len(css) > len(on_disk) - 2000  # only the font faces went
    again = _fetch(client, "/govuk-frontend/govuk-frontend.min.css", {"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_gds_transport_and_the_crown_are_not_served(client):
    # Fonts licensed for GOV.UK only, GOV.UK's brand images, and anything else in the package.
    for path in ("assets/fonts/bold-b542beb274-v2.woff2", "assets/images/govuk-crest.svg", "../package.json",
                 "all.mjs", "index.scss"):
        assert _fetch(client, f"/govuk-frontend/{path}").status_code == 404, path
    assert _fetch(client, "/govuk-frontend/govuk-frontend.min.js").status_code == 200


def test_without_the_kit_the_log_says_how_to_fix_it_and_the_form_still_works(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, session,
):
    monkeypatch.setattr(govuk_assets, "KIT_DIST", tmp_path / "node_modules" / "govuk-frontend" / "dist" / "govuk")
    with caplog.at_level(logging.ERROR):
        app = create_app(runtime)
    app.config["TRIAGE_ENQUEUE"] = lambda message_id: None
    assert any("GOV.UK Frontend is not installed" in r.getMessage() and "npm ci --omit=dev" in r.getMessage()
               for r in caplog.records), caplog.text
    client = app.test_client()
    missing = client.get("/govuk-frontend/govuk-frontend.min.css")
    assert missing.status_code == 404 and b"run scripts/setup" in missing.data
    assert client.get("/contact").status_code == 200
    response = client.post("/contact", data={**GOOD, "csrf_token": csrf_token(client, "/contact")})
    assert response.status_code == 303 and _count(session) >= 1


def test_an_install_that_is_not_the_pinned_version_is_named(tmp_path: Path):
    dist = tmp_path / "govuk-frontend" / "dist" / "govuk"
    dist.mkdir(parents=True)
    for name in ("govuk-frontend.min.css", "govuk-frontend.min.js"):
        (dist / name).write_text("/* */")
    (tmp_path / "govuk-frontend" / "package.json").write_text('{"version": "5.0.0"}')
    problem = govuk_assets.check_install(dist)
    pinned = govuk_assets.pinned_version()
    assert pinned and pinned.startswith("5.") and problem and f"5.0.0 is installed but package-lock.json pins {pinned}" in problem
    assert govuk_assets.check_install(govuk_assets.KIT_DIST) is None  # this checkout's install is the pinned one
