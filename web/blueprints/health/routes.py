"""/healthz: is the app up and can it reach its database?"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from web.database import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.route("/healthz")
def healthz() -> tuple[Response, int]:
    """200 with {"status": "ok", "db": "ok"}, or 503 when the database does not answer."""
    try:
        db().execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        log.warning("health check: database unavailable: %s", error.__class__.__name__)
        return jsonify({"status": "unavailable", "db": "unavailable"}), 503
    return jsonify({"status": "ok", "db": "ok"}), 200
