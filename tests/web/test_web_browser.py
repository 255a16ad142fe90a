"""The workspace in a real browser (Debian's Chromium through Playwright), with axe-core checks.

An agent signs in, filters the queue, opens the urgent conversation with the keyboard, confirms
the case link, corrects a topic and resolves; a second browser sees the collision warning.
Hostile mail HTML stays inert. Screenshots go to $TRIAGE_TEST_ARTEFACTS (or the test's tmp dir).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy import select

from tests.web.browser_kit import no_axe_violations, serving, sign_in, sqlite_runtime
from triage.db import session_scope, utcnow
from triage.models import Case, CaseLink, Classification, Conversation, Message, Team
from triage.runtime import Runtime
from triage.services.routing import ensure_default_teams_and_rules
from triage.services.users import create_user
from web import create_app

pytestmark = pytest.mark.browser
PASSWORD = "browser test password"
HOSTILE_HTML = (
    '<p onmouseover="parent.document.title=\'pwned\'">Hello</p>'
    '<script>parent.document.title = "pwned";</script>'
    '<img src="https://tracker.example/pixel.gif"><form action="https://evil.example/"><input name="x"></form>'
)


def _seed(runtime: Runtime) -> None:
    with session_scope(runtime.sessions) as s:
        ensure_default_teams_and_rules(s)
        for email, name in (("priya@council.example", "Priya Shah"), ("tom@council.example", "Tom Reed")):
            create_user(s, email, role="agent", password=PASSWORD, teams=["Placements", "Assessment"], name=name)
        teams = {t.name: t for t in s.scalars(select(Team))}
        case = Case(case_ref="SEN204511", child_first_name="Maisie", child_last_name="Thornbury",
                    first_name_key="maisie", last_name_key="thornbury", date_of_birth=date(2016, 5, 4),
                    school="Northfield Primary School", year_group="Year 5", stage="assessment",
                    case_officer="Ada Lamb")
        s.add(case)
        s.flush()
        now = utcnow()
        rows = [
            ("Still waiting for the decision", "Assessment", False, ["timeliness"], timedelta(days=2)),
            ("No school place since September", "Placements", True, ["school_place"], timedelta(hours=3)),
            ("Mediation certificate", "Assessment", False, ["appeal"], timedelta(days=4)),
        ]
        for i, (subject, team, urgent, topics, due) in enumerate(rows):
            conversation = Conversation(
                token=f"TRG-BRW{i}2Z", subject=subject, status="new", team=teams[team], urgent=urgent,
                priority=1 if urgent else 3, due_at=now + due, topics=topics, kind="enquiry", language="en",
                case_id=case.id, link_status="linked", created_at=now, last_activity_at=now,
            )
            s.add(conversation)
            s.flush()
            message = Message(
                content_hash=f"{i:064d}", raw=b"x", size=1, channel="email", sender_name="Kerry Thornbury",
                sender_email="kerry.t@example.org", subject=subject, received_at=now, status="processed",
                conversation_id=conversation.id, html=HOSTILE_HTML,
                text="Maisie has had no school place since September. Nobody has replied to my emails.",
            )
            message.classifications.append(Classification(
                model_version="browser-test", topics=topics, topic_scores={t: 0.9 for t in topics}, kind="enquiry",
                kind_scores={"enquiry": 0.8}, urgent=urgent, urgent_reasons=["without a school place"] if urgent else [],
                explanations={topics[0]: ["Maisie has had no school place since September."]},
            ))
            message.case_link = CaseLink(case_id=case.id, status="linked", method="case reference", confidence=0.99)
            s.add(message)


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    runtime = sqlite_runtime(folder, "browser")
    _seed(runtime)
    app = create_app(runtime)
    app.config["TRIAGE_ENQUEUE"] = lambda message_id: None
    with serving(app) as url:
        yield url
    runtime.engine.dispose()


def test_contact_form_is_accessible_and_announces_errors(browser: Browser, live_url: str, artefacts: Path) -> None:
    page = browser.new_page()
    requests: list[str] = []
    failed: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # The page with errors is itself a 400 (tested in test_web_contact); every file it uses must load.
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None)
    page.on("console", lambda m: problems.append(m.text)
            if m.type in ("error", "warning") and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(live_url + "/contact")
    # GOV.UK Frontend came from this app and started: initAll ran (the character count built its status).
    page.wait_for_selector(".govuk-character-count__status", state="attached")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    no_axe_violations(page, "contact form")
    page.click("text=Send message")
    summary = page.locator(".govuk-error-summary")
    assert summary.locator("[role=alert]").count() == 1
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    page.click(".govuk-error-summary a[href='#body']")
    assert page.evaluate("document.activeElement.id") == "body"
    no_axe_violations(page, "contact form with errors")
    # A system font stack, never GDS Transport (licensed for GOV.UK only), and nothing fetched elsewhere.
    for selector in ("h1", ".govuk-error-summary__list a", "#body", "button.govuk-button", ".govuk-hint"):
        family = page.eval_on_selector(selector, "e => getComputedStyle(e).fontFamily")
        assert family.startswith("arial"), (selector, family)
    assert [u for u in requests if not u.startswith(live_url)] == []
    assert not [u for u in requests if "/fonts/" in u or u.endswith((".woff", ".woff2"))]
    assert failed == [] and problems == []  # no missing file, no CSP refusal, no failed module import
    page.screenshot(path=str(artefacts / "contact-errors.png"), full_page=True)
    page.close()


def test_an_agent_works_an_urgent_conversation(browser: Browser, live_url: str, artefacts: Path) -> None:
    remote_requests: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.on("request", lambda r: remote_requests.append(r.url) if not r.url.startswith((live_url, "data:", "about:")) else None)
    page = context.new_page()
    sign_in(page, live_url, "priya@council.example", PASSWORD)
    no_axe_violations(page, "queue")
    page.screenshot(path=str(artefacts / "queue.png"), full_page=True)
    assert page.locator("a.subject").first.inner_text() == "No school place since September"  # urgent first

    page.select_option("#f-topic", "school_place")
    page.click("text=Apply filters")
    page.wait_for_url("**topic=school_place**")
    assert page.locator("a.subject").all_inner_texts() == ["No school place since September"]

    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.classList.contains('subject')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().endswith("No school place since September")
    page.click("summary:has-text('Formatted version')")
    page.click("summary:has-text('How this message was read')")
    page.wait_for_timeout(300)  # let the frame render (and try, and fail, to run its script)
    assert page.title() != "pwned"
    no_axe_violations(page, "conversation")
    page.screenshot(path=str(artefacts / "conversation.png"), full_page=True)

    second = browser.new_context().new_page()
    sign_in(second, live_url, "tom@council.example", PASSWORD)
    second.goto(page.url)
    assert "Priya Shah" in second.locator(".collision").inner_text()
    second.screenshot(path=str(artefacts / "collision.png"))
    second.context.close()

    page.click("text=Confirm link")
    assert "Case link confirmed" in page.locator(".flashes").inner_text()
    page.click("summary:has-text('Correct the classification')")
    page.check("#topic-out_of_education")
    page.click("text=Save topics")
    assert "Topics saved" in page.locator(".flashes").inner_text()
    with page.expect_navigation():
        page.keyboard.press("e")  # resolve
    assert "Status: resolved" in page.locator(".flashes").inner_text()
    assert "Resolved" in page.locator(".conv-head .meta").inner_text()
    page.keyboard.press("n")  # the internal note
    assert page.evaluate("document.activeElement.id") == "note"
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("?")
    shortcuts = page.locator("#help .shortcuts").inner_text()
    assert "r\nReply" in shortcuts and "n\nWrite an internal note" in shortcuts
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.keyboard.press("r")  # reply: the composer opens with the message field focused
    assert page.url.endswith("/reply#body") and page.evaluate("document.activeElement.id") == "body"
    assert remote_requests == []  # the tracker pixel and the form target were never fetched
    context.close()
