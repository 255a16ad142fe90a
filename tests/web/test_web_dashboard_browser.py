"""The dashboard in a real browser: charts drawn on canvas by the served Chart.js, axe-core clean, screenshot."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.integration.insight.insight_dataset import END, NOW, START, build
from tests.web.browser_kit import CHROMIUM, serving, sqlite_runtime
from triage.db import session_scope
from triage.services.insight import refresh_since
from triage.services.users import create_user
from web import create_app

pytestmark = pytest.mark.browser
PASSWORD = "dashboard browser password"


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("dashboard")
    runtime = sqlite_runtime(folder, "dash")
    with session_scope(runtime.sessions) as s:
        build(s)
        refresh_since(s, full=True, now=NOW)
        create_user(s, "manager@council.example", role="manager", password=PASSWORD, name="Morgan Hale")
    app = create_app(runtime)
    app.config["TRIAGE_ENQUEUE"] = lambda message_id: None
    with serving(app) as url:
        yield url
    runtime.engine.dispose()


def test_a_manager_sees_drawn_charts_and_no_accessibility_violations(dashboard_url: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("TRIAGE_TEST_ARTEFACTS") or tmp_path) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    remote: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.on("request", lambda r: remote.append(r.url) if not r.url.startswith((dashboard_url, "data:", "about:")) else None)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(dashboard_url + "/login")
        page.fill("#email", "manager@council.example")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(dashboard_url + "/queue")
        page.goto(f"{dashboard_url}/dashboard?from={START}&to={END}")
        page.wait_for_selector("canvas[data-drawn='1']")
        drawn = page.locator("canvas[data-drawn='1']").count()
        assert drawn == page.locator("canvas[data-chart]").count() >= 10
        # The canvas holds pixels: Chart.js really drew on it.
        painted = page.evaluate("""() => {
            const c = document.querySelector('#c-contacts-team canvas');
            const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { n++; } }
            return n; }""")
        assert painted > 1000
        result = Axe().run(page)
        found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]
        assert found == [], f"axe-core on the dashboard: {found}"
        page.screenshot(path=str(folder / "dashboard.png"), full_page=False)
        page.screenshot(path=str(folder / "dashboard-full.png"), full_page=True)
        page.click("#c-contacts-team summary")
        with page.expect_navigation():
            page.click("#c-contacts-team table a >> nth=0")
        assert "/queue?team=" in page.url
        page.goto(f"{dashboard_url}/dashboard?from=2024-06-03&to=2024-06-30")
        assert "No contacts were received in this date range" in page.locator(".dash-empty").inner_text()
        page.screenshot(path=str(folder / "dashboard-empty.png"))
        assert remote == [] and errors == []
        context.close()
        browser.close()
