"""Replying, logging a call and editing templates in a real browser (Chromium), with axe-core checks."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser
from sqlalchemy import select

from tests.conftest import SmtpCapture
from tests.web.browser_kit import no_axe_violations, serving, sign_in, sqlite_runtime
from triage.db import session_scope, utcnow
from triage.models import Case, Conversation, Message, ReplyTemplate, Team
from triage.services.routing import ensure_default_teams_and_rules
from triage.services.users import create_user
from web import create_app

pytestmark = pytest.mark.browser
PASSWORD = "browser test password"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SmtpCapture]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    capture = SmtpCapture()
    controller = Controller(capture, hostname="127.0.0.1", port=port)
    controller.start()
    folder = tmp_path_factory.mktemp("replies-browser")
    runtime = sqlite_runtime(folder, "replies", smtp_host="127.0.0.1", smtp_port=port)
    with session_scope(runtime.sessions) as s:
        ensure_default_teams_and_rules(s)
        for email, name, role in (("priya@council.example", "Priya Shah", "agent"), ("tom@council.example", "Tom Reed", "agent"),
                                  ("admin@council.example", "Ada Admin", "admin")):
            create_user(s, email, role=role, password=PASSWORD, teams=["Assessment"], name=name)
        team = s.scalars(select(Team).where(Team.name == "Assessment")).one()
        case = Case(case_ref="SEN204511", child_first_name="Maisie", child_last_name="Thornbury", first_name_key="maisie",
                    last_name_key="thornbury", case_officer="Ada Lamb")
        s.add(case)
        s.flush()
        now = utcnow()
        conversation = Conversation(token="TRG-RPLY2Z", subject="Still waiting for the decision", status="new", team=team,
                                    topics=["timeliness"], kind="enquiry", case_id=case.id, link_status="confirmed",
                                    participants=["kerry.t@example.org"], created_at=now, last_activity_at=now)
        s.add(conversation)
        s.flush()
        s.add(Message(content_hash="r" * 64, raw=b"x", size=1, channel="email", message_id="k1@example.org",
                      sender_name="Kerry Thornbury", sender_email="kerry.t@example.org", subject=conversation.subject,
                      received_at=now, status="processed", conversation_id=conversation.id,
                      text="We asked for an assessment in June. Nobody has replied."))
        s.add(ReplyTemplate(name="Assessment update", subject="",
                            body="Dear {{ family_name }},\n\nYour case officer for {{ child_name }} is {{ case_officer }}.\n"
                                 "{{ next_statutory }}\n\n{{ sendiass }}\n\n{{ agent_name }}"))
    app = create_app(runtime)
    app.config["TRIAGE_ENQUEUE"] = lambda message_id: None
    with serving(app) as url:
        yield url, capture
    controller.stop()
    runtime.engine.dispose()


def test_an_agent_replies_from_a_template_while_a_colleague_sees_it(browser: Browser, live, artefacts: Path) -> None:
    base, capture = live
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    sign_in(page, base, "priya@council.example", PASSWORD)
    page.goto(base + "/queue")
    with page.expect_navigation():
        page.click("text=Still waiting for the decision")
    with page.expect_navigation():
        page.click("#reply-link")
    page.select_option("#template", label="Assessment update")
    with page.expect_navigation():
        page.click("text=Use template")
    assert "Your case officer for Maisie Thornbury is Ada Lamb." in page.input_value("#body")

    colleague = browser.new_context().new_page()
    sign_in(colleague, base, "tom@council.example", PASSWORD)
    colleague.goto(page.url.split("/reply")[0])
    assert "Priya Shah" in colleague.locator(".collision").first.inner_text()
    assert "is writing a reply" in colleague.locator("#presence").inner_text()
    colleague.screenshot(path=str(artefacts / "reply-collision.png"))

    page.fill("#body", page.input_value("#body") + "\n<script>document.title='pwned'</script>")
    with page.expect_navigation():
        page.click("button[value=preview]")
    assert "<script>document.title='pwned'</script>" in page.locator("#preview").inner_text()  # shown as text
    assert page.title() != "pwned"
    no_axe_violations(page, "reply page with preview")
    page.screenshot(path=str(artefacts / "reply-preview.png"), full_page=True)
    page.check("#await_family")
    with page.expect_navigation():
        page.click("button[value=send]")
    assert "Reply sent" in page.locator(".flashes").inner_text()
    assert "Awaiting family" in page.locator(".conv-head .meta").inner_text()
    sent = message_from_bytes(capture.envelopes[-1].original_content)
    assert sent["In-Reply-To"] == "<k1@example.org>" and "[TRG-RPLY2Z]" in sent["Subject"]
    assert "writing a reply" not in colleague.goto(colleague.url).text()
    colleague.context.close()
    page.context.close()


def test_the_call_log_and_template_pages_are_accessible(browser: Browser, live, artefacts: Path) -> None:
    base, _capture = live
    page = browser.new_page()
    sign_in(page, base, "admin@council.example", PASSWORD)
    page.goto(base + "/phone/")
    no_axe_violations(page, "call log")
    with page.expect_navigation():
        page.click("text=Log the call")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    no_axe_violations(page, "call log with errors")
    page.screenshot(path=str(artefacts / "phone-errors.png"), full_page=True)
    page.goto(base + "/admin/templates/")
    no_axe_violations(page, "templates list")
    with page.expect_navigation():
        page.click("text=Assessment update")
    no_axe_violations(page, "template form")
    page.fill("#body", "Dear {{ family_name.__class__ }}")
    with page.expect_navigation():
        page.click("text=Save template")
    assert "unsafe" in page.locator(".error-summary").inner_text()
    no_axe_violations(page, "template form with errors")
    page.close()
