"""What the browser tests share: serving an app on a loopback port, signing in, axe-core checks."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page
from werkzeug.serving import make_server

from triage.config import load_settings
from triage.db import Base
from triage.runtime import Runtime, build_runtime

CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium; no browser is downloaded


def sqlite_runtime(folder: Path, name: str, **settings: Any) -> Runtime:
    """A runtime on a fresh SQLite file in folder, schema created; keyword arguments override settings."""
    loaded = load_settings({"TRIAGE_INSTANCE_PATH": str(folder), "TRIAGE_SECRET_KEY": name[0] * 32,
                            "TRIAGE_DATABASE_URL": f"sqlite:///{folder / (name + '.sqlite3')}"})
    runtime = build_runtime(dataclasses.replace(loaded, **settings))
    Base.metadata.create_all(runtime.engine)
    return runtime


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve the app on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    """Sign in through the login form and land on the queue."""
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/queue")


def no_axe_violations(page: Page, where: str) -> None:
    """axe-core finds nothing on the page as it stands."""
    found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in Axe().run(page).response["violations"]]
    assert found == [], f"axe-core on {where}: {found}"
