"""One database session per request, committed once when the request succeeded.

Views and services only flush. Work that must see committed rows (enqueueing a job that opens
its own session) is registered with `after_commit` and runs once the commit has happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session

from triage.runtime import Runtime

log = logging.getLogger(__name__)


def runtime() -> Runtime:
    return current_app.extensions["triage_runtime"]


def db() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = runtime().sessions()
        g.after_commit = []
    return g.db_session


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` after this request's single commit succeeds (never if it rolls back)."""
    db()
    g.after_commit.append(callback)


def _commit(response: Response) -> Response:
    session: Session | None = g.get("db_session")
    if session is None:
        return response
    if response.status_code >= 400:
        session.rollback()
        return response
    session.commit()  # a failure here raises, and the request becomes a 500 with nothing saved
    for callback in g.pop("after_commit", []):
        try:
            callback()
        except Exception:  # the rows are saved; the admin retries from the quarantine page
            log.exception("after-commit work failed")
    return response


def _close(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()  # a no-op after a commit; undoes the work of a failed request
        session.close()


def init_database(app: Flask) -> None:
    app.after_request(_commit)
    app.teardown_request(_close)
