"""Fixtures for the web app: the app on the test runtime, a client that signs in, and conversations."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy.orm import Session

from triage.db import utcnow
from triage.models import CaseLink, Classification, Conversation, Message, Team
from triage.runtime import Runtime
from tests.web.browser_kit import CHROMIUM
from web import create_app

PASSWORD = "correct horse battery"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def enqueued() -> list[int]:
    """Message ids the app asked to process (instead of running the NLP job)."""
    return []


@pytest.fixture
def app(runtime: Runtime, enqueued: list[int]) -> Flask:
    app = create_app(runtime)
    app.config["TESTING"] = True
    app.config["TRIAGE_ENQUEUE"] = enqueued.append
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token from a page's form (the session cookie ties it to this client)."""
    response = client.get(path)
    found = CSRF_RE.search(response.get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def post(client: FlaskClient, path: str, data: dict[str, Any] | None = None, *, token_from: str = "/contact", **kwargs: Any):
    """POST a form with a valid CSRF token, as a browser would."""
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, token_from)}, **kwargs)


@pytest.fixture
def sign_in(client: FlaskClient) -> Callable[[str], FlaskClient]:
    """Sign the client in as the user with this email (made by make_user, default password)."""

    def _sign_in(email: str, password: str = PASSWORD) -> FlaskClient:
        response = client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _sign_in


@pytest.fixture
def make_conversation(session: Session) -> Callable[..., Conversation]:
    """Factory: a routed conversation with one processed, classified inbound message."""
    counter = iter(range(1, 100000))

    def _make(
        team: str = "Assessment",
        subject: str = "Waiting for the assessment decision",
        *,
        urgent: bool = False,
        priority: int | None = None,
        due_in: timedelta | None = timedelta(days=3),
        topics: tuple[str, ...] = ("timeliness",),
        kind: str = "enquiry",
        status: str = "new",
        case_id: int | None = None,
        link_status: str = "none",
        text: str = "We asked for an assessment in June. Nobody has replied to my emails.",
        html: str | None = None,
        language: str = "en",
        explanations: dict | None = None,
        candidates: list[dict] | None = None,
        received_at: datetime | None = None,
    ) -> Conversation:
        n = next(counter)
        team_row = session.query(Team).filter_by(name=team).one_or_none() or Team(name=team)
        now = received_at or utcnow()
        conversation = Conversation(
            token=f"TRG-T{n:05d}"[:10], subject=subject, status=status, team=team_row,
            priority=priority if priority is not None else (1 if urgent else 3), urgent=urgent,
            due_at=now + due_in if due_in is not None else None, case_id=case_id, link_status=link_status,
            topics=list(topics), kind=kind, language=language, participants=[f"parent{n}@example.org"],
            created_at=now, last_activity_at=now,
        )
        session.add(conversation)
        session.flush()
        message = Message(
            content_hash=f"{n:064d}", raw=b"raw", size=3, channel="email", message_id=f"<m{n}@example.org>",
            sender=f"Parent {n} <parent{n}@example.org>", sender_email=f"parent{n}@example.org",
            sender_name=f"Parent {n}", subject=subject, received_at=now, status="processed", text=text,
            quoted_text="> On Monday the council wrote:\n> We will reply soon.", html=html,
            conversation_id=conversation.id,
        )
        message.classifications.append(Classification(
            model_version="test-model-1", topics=list(topics),
            topic_scores={"timeliness": 0.91, "communication": 0.42, "appeal": 0.03, "school_place": 0.05},
            kind=kind, kind_scores={"enquiry": 0.7, "complaint": 0.25, "tribunal": 0.01, "other": 0.04},
            urgent=urgent, urgent_reasons=["child without a school place"] if urgent else [], language=language,
            entities=[{"label": "PERSON", "text": "Maisie", "start": 0, "end": 6},
                      {"label": "CASE_REF", "text": "SEN204511", "start": 10, "end": 19}],
            explanations=explanations if explanations is not None else {"timeliness": ["We asked for an assessment in June."]},
        ))
        message.case_link = CaseLink(case_id=case_id, status=link_status, method="test", confidence=0.5,
                                     candidates=candidates or [])
        session.add(message)
        session.flush()
        return conversation

    return _make


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright, one per test module."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def artefacts(tmp_path: Path) -> Path:
    """Where screenshots go: $TRIAGE_TEST_ARTEFACTS/screenshots, else the test's temp folder."""
    folder = Path(os.environ.get("TRIAGE_TEST_ARTEFACTS") or tmp_path) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
