"""Error pages (HTML for people, JSON for the API): a clear message, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Something was wrong with that request", "Go back, check what you entered and try again."),
    401: ("Sign in needed", "This needs a valid API token."),
    403: ("You do not have access to this", "Your role or team does not allow this. Ask your team lead if you need it."),
    404: ("Page not found", "Check the address, or go back to the queue."),
    405: ("That action is not available here", "Go back and use the buttons on the page."),
    413: ("That is too large", "The message is over the size limit."),
    500: ("Sorry, something went wrong", "Nothing was saved. Try again in a few minutes."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(status: int, detail: str | None = None):  # type: ignore[no-untyped-def]
    title, hint = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    if _wants_json():
        return jsonify({"error": detail or title}), status
    return render_template("errors/error.html", status=status, title=title, hint=detail or hint), status


def init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):  # type: ignore[no-untyped-def]
        return _render(400, "The form had expired or was not sent from this site. Reload the page and try again.")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):  # type: ignore[no-untyped-def]
        if error.response is not None:  # e.g. the login redirect raised through abort()
            return error.response
        if error.code is None or error.code < 400:
            return error
        return _render(error.code, error.description if error.code == 413 else None)

    @app.errorhandler(InternalServerError)
    def _server(error: InternalServerError):  # type: ignore[no-untyped-def]
        log.error("request failed: %s %s", request.method, request.path, exc_info=error.original_exception)
        return _render(500)
