"""The JSON API: submit a form message, or raw RFC 5322 mail. Bearer-token auth, no cookies."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import Blueprint, g, jsonify, request
from sqlalchemy import select
from werkzeug.wrappers import Response

from triage.intake.forms import FormErrors, validate_submission
from triage.models import ApiToken
from triage.services.audit import record
from triage.services.intake import MessageTooLarge, store_raw_email
from web.database import db, runtime
from web.submissions import accept_submission, enqueue_after_commit

bp = Blueprint("api", __name__, url_prefix="/api/v1")

F = TypeVar("F", bound=Callable[..., object])
RAW_MAIL_TYPES = ("message/rfc822",)


def token_digest(token: str) -> str:
    """What is stored for a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _unauthorised(message: str) -> tuple[Response, int]:
    response = jsonify({"error": message})
    response.headers["WWW-Authenticate"] = 'Bearer realm="triage"'
    return response, 401


def token_required(view: F) -> F:
    """Only requests carrying `Authorization: Bearer <token>` for an active API token."""

    @wraps(view)
    def wrapped(*args: object, **kwargs: object) -> object:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _unauthorised("send the API token as 'Authorization: Bearer <token>'")
        found = db().scalar(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token.strip())))
        if found is None or not found.active:
            return _unauthorised("the API token is not valid")
        g.api_client = f"api:{found.name}"
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


@bp.route("/messages", methods=["POST"])
@token_required
def submit_message() -> tuple[Response, int]:
    """Store a form submission (DESIGN.md section 5); 201 with its id, 400 naming each bad field."""
    data = request.get_json(silent=True)
    if data is None:
        return jsonify({"errors": {"body": "send a JSON object with Content-Type: application/json"}}), 400
    try:
        submission = validate_submission(data, default_channel="api")
    except FormErrors as problem:
        return jsonify({"errors": problem.errors}), 400
    message, conversation, created = accept_submission(submission, source=g.api_client, actor=g.api_client)
    body = {"id": message.id, "status": message.status, "conversation_ref": conversation.token}
    return jsonify(body), 201 if created else 200


@bp.route("/raw-mail", methods=["POST"])
@token_required
def submit_raw_mail() -> tuple[Response, int]:
    """Store raw RFC 5322 bytes (Content-Type: message/rfc822); 413 over the size cap."""
    limit = runtime().settings.max_message_bytes
    if request.mimetype not in RAW_MAIL_TYPES:
        return jsonify({"error": "send the mail with Content-Type: message/rfc822"}), 415
    if request.content_length is not None and request.content_length > limit:
        return jsonify({"error": f"the message is over the {limit:,}-byte limit"}), 413
    raw = request.get_data(cache=False)
    if not raw.strip():
        return jsonify({"errors": {"raw": "the request body is empty"}}), 400
    try:
        message, created = store_raw_email(db(), raw, source=g.api_client, max_bytes=limit)
    except MessageTooLarge as problem:
        return jsonify({"error": str(problem)}), 413
    if created:
        record(db(), "message.received", "message", message.id, actor=g.api_client, details={"channel": "email"})
        enqueue_after_commit(message.id)
    return jsonify({"id": message.id, "status": message.status}), 201 if created else 200
