"""Logging a phone call: it becomes a "phone" contact and goes through the same triage as mail."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from triage.intake.forms import FormErrors
from triage.services.phone import OUTCOMES, record_call, phone_submission
from web.access import ACTING_ROLES, protect_blueprint, staff
from web.database import db
from web.submissions import accept_submission

bp = Blueprint("phone", __name__, url_prefix="/phone")
protect_blueprint(bp, *ACTING_ROLES)

FIELDS = ("caller_name", "caller_phone", "caller_email", "child_name", "child_dob", "said", "outcome")


@bp.route("/")
def form() -> str:
    """The call log form."""
    return render_template("phone/form.html", values={}, errors={}, outcomes=OUTCOMES)


@bp.route("/", methods=["POST"])
def log_call() -> Response | tuple[str, int]:
    """Store the call as a phone contact, thread it and queue it for triage."""
    values = {name: request.form.get(name, "") for name in FIELDS}
    try:
        submission = phone_submission(values)
    except FormErrors as problems:
        return render_template("phone/form.html", values=values, errors=problems.errors, outcomes=OUTCOMES), 200
    user = staff()
    message, conversation, _created = accept_submission(submission, source=f"phone:user:{user.id}", actor=f"user:{user.id}")
    record_call(db(), message, conversation, outcome=values["outcome"], actor_user_id=user.id)
    flash(f"Call logged as {conversation.token}. It is being triaged and will appear in its team's queue.", "success")
    return redirect(url_for("phone.form"), 303)
