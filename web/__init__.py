"""The Flask web app: the agents' workspace, the public contact form, the JSON API and /healthz."""

from __future__ import annotations

from flask import Flask

from triage.jobs.queue import enqueue_processing
from triage.runtime import Runtime, current_runtime
from web.access import init_access
from web.blueprints.admin.routes import bp as admin_bp
from web.blueprints.api.routes import bp as api_bp
from web.blueprints.appeals.routes import bp as appeals_bp
from web.blueprints.auth.routes import bp as auth_bp
from web.blueprints.cases.routes import bp as cases_bp
from web.blueprints.complaints.routes import bp as complaints_bp
from web.blueprints.contact.routes import bp as contact_bp
from web.blueprints.conversations.routes import bp as conversations_bp
from web.blueprints.dashboard.routes import bp as dashboard_bp
from web.blueprints.health.routes import bp as health_bp
from web.blueprints.phone.routes import bp as phone_bp
from web.blueprints.queue.routes import bp as queue_bp
from web.blueprints.replies.routes import bp as replies_bp
from web.blueprints.routing_admin.routes import bp as routing_admin_bp
from web.blueprints.routing_admin.team_routes import bp as team_bp
from web.blueprints.saved_views.routes import bp as saved_views_bp
from web.blueprints.templates_admin.routes import bp as templates_admin_bp
from web.database import init_database
from web.errors import init_errors
from web.security import csrf, init_security
from web.template_filters import init_filters

__all__ = ["create_app"]


def create_app(runtime: Runtime | None = None) -> Flask:
    """Build the app for a runtime (default: the process's current one, from the environment)."""
    runtime = runtime or current_runtime()
    app = Flask(__name__)
    settings = runtime.settings
    secure = settings.secure_cookies
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure,
        # Raw mail may be as large as the intake cap; anything bigger is refused before reading.
        MAX_CONTENT_LENGTH=settings.max_message_bytes + 64 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session; an agent's page may sit for hours
        # Tests replace this with a recorder; the real one runs the job in-process or on RQ.
        TRIAGE_ENQUEUE=lambda message_id: enqueue_processing(settings, message_id),
    )
    app.extensions["triage_runtime"] = runtime

    init_database(app)
    init_security(app)
    init_access(app)
    init_errors(app)
    init_filters(app)
    for blueprint in (auth_bp, queue_bp, conversations_bp, contact_bp, api_bp, admin_bp, health_bp,
                      cases_bp, complaints_bp, appeals_bp, routing_admin_bp, team_bp):
        app.register_blueprint(blueprint)
    for blueprint in (replies_bp, templates_admin_bp, phone_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(saved_views_bp)
    csrf.exempt(api_bp)  # token-authenticated, no cookies: CSRF does not apply
    return app
