"""Signing in and out (argon2 passwords, Flask-Login sessions)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from triage.services.audit import record
from triage.services.users import authenticate
from web.access import StaffUser, roles_required, staff
from web.database import db

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would help phishing."""
    if not target:
        return url_for("queue.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("queue.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    """The sign-in form."""
    if current_user.is_authenticated:
        return redirect(url_for("queue.index"))
    errors: dict[str, str] = {}
    email = request.form.get("email", "").strip()
    if request.method == "POST":
        password = request.form.get("password", "")
        if not email:
            errors["email"] = "Enter your email address"
        if not password:
            errors["password"] = "Enter your password"
        if not errors:
            user = authenticate(db(), email, password)
            if user is None:
                record(db(), "user.sign_in_failed", "user", None, details={"email": email[:320]})
                errors["email"] = "The email address or password is not right"
            else:
                login_user(StaffUser.from_model(user))
                record(db(), "user.signed_in", "user", user.id, actor_user_id=user.id)
                return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", errors=errors, email=email)


@bp.route("/logout", methods=["POST"])
@roles_required()
def logout() -> Response:
    """Sign out (a POST, so another site cannot sign an agent out)."""
    record(db(), "user.signed_out", "user", staff().id, actor_user_id=staff().id)
    logout_user()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
