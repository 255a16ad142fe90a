"""Take the README's screenshots from a running demo (scripts/demo): queue and conversation pages.

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:5000] [--out docs]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--out", default="docs", type=Path)
    parser.add_argument("--user", default="lead@council.example")
    parser.add_argument("--password", default="demo-password-123")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{args.base}/login")
        page.fill("input[name=email]", args.user)
        page.fill("input[name=password]", args.password)
        page.click("button[type=submit]")
        page.goto(f"{args.base}/queue")
        page.screenshot(path=str(args.out / "queue.png"), full_page=False)
        first_urgent = page.locator("tbody tr a").first
        first_urgent.click()
        page.screenshot(path=str(args.out / "conversation.png"), full_page=True)
        page.goto(f"{args.base}/contact")
        page.fill("#sender_email", "kerry.t@example")
        page.click("text=Send message")
        page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
        page.screenshot(path=str(args.out / "contact-form.png"), full_page=True)
        manager = browser.new_page(viewport={"width": 1400, "height": 1000})
        manager.goto(f"{args.base}/login")
        manager.fill("input[name=email]", "manager@council.example")
        manager.fill("input[name=password]", args.password)
        manager.click("button[type=submit]")
        manager.goto(f"{args.base}/dashboard")
        manager.wait_for_timeout(1500)  # let Chart.js finish its first paint
        manager.screenshot(path=str(args.out / "dashboard.png"), full_page=False)
        browser.close()


if __name__ == "__main__":
    main()
