"""/healthz, security headers, and the web process staying free of the NLP stack."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from triage.config import load_settings
from triage.runtime import build_runtime
from web import create_app


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "db": "ok"}


def test_healthz_is_503_when_the_database_is_down(tmp_path):
    settings = load_settings({"TRIAGE_INSTANCE_PATH": str(tmp_path), "TRIAGE_SECRET_KEY": "k" * 32,
                              "TRIAGE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing"})
    runtime = build_runtime(settings)
    response = create_app(runtime).test_client().get("/healthz")
    runtime.engine.dispose()
    assert response.status_code == 503
    assert response.get_json()["db"] == "unavailable"


def test_security_headers_and_cookies(client, make_user, session):
    make_user("agent@council.example")
    session.commit()
    response = client.get("/login")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "<script>" not in response.get_data(as_text=True)  # no inline script anywhere


def test_every_asset_is_served_by_the_app(client):
    for path in ("/static/css/app.css", "/static/css/public.css", "/static/js/app.js", "/static/js/public.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()


def test_the_web_app_never_imports_the_nlp_stack(tmp_path):
    code = textwrap.dedent(f"""
        import sys
        from triage.config import load_settings
        from triage.runtime import build_runtime
        from web import create_app
        settings = load_settings({{"TRIAGE_INSTANCE_PATH": {str(tmp_path)!r}, "TRIAGE_SECRET_KEY": "k" * 32}})
        app = create_app(build_runtime(settings))
        app.test_client().get("/contact")
        app.test_client().get("/healthz")
        print(sorted(m for m in ("torch", "spacy", "sentence_transformers", "sklearn") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"
