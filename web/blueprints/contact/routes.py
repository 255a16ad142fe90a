"""The public contact form on the GOV.UK Design System (govuk-frontend): no sign-in, CSRF-protected."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from triage.intake.forms import MAX_BODY_CHARS, FormErrors, validate_submission
from web.govuk_assets import init_govuk_assets
from web.submissions import accept_submission

bp = Blueprint("contact", __name__, url_prefix="/contact")
# The form brings its own kit: registering the form serves GOV.UK Frontend with it.
bp.record_once(lambda state: init_govuk_assets(state.app))

FIELDS = ("sender_name", "sender_email", "child_name", "subject", "body")
# The order errors are listed in the summary: the order of the fields on the page.
ERROR_ORDER = ("sender_name", "sender_email", "child_name", "child_dob", "subject", "body", "received_at", "channel")


def _date_of_birth(form: MultiDict) -> tuple[str, str | None]:
    """The three date parts as YYYY-MM-DD (or '' when all are empty), and an error if incomplete."""
    day, month, year = (form.get(f"child_dob-{part}", "").strip() for part in ("day", "month", "year"))
    if not (day or month or year):
        return "", None
    if not (day and month and year):
        return "", "Date of birth must include a day, month and year"
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
        return "", "Date of birth must be a real date, like 27 3 2015"
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}", None


@bp.route("", methods=["GET", "POST"])
def form() -> str | Response | tuple[str, int]:
    """Show the form; on a good post store it, queue it and show the reference."""
    values = {name: request.form.get(name, "") for name in FIELDS}
    values.update({f"child_dob-{p}": request.form.get(f"child_dob-{p}", "") for p in ("day", "month", "year")})
    if request.method == "GET":
        return render_template("contact/form.html", values=values, errors={}, max_body=MAX_BODY_CHARS)
    dob, dob_error = _date_of_birth(request.form)
    errors: dict[str, str] = {}
    try:
        submission = validate_submission({**values, "child_dob": dob, "channel": "form"})
    except FormErrors as problem:
        errors = dict(problem.errors)
    if dob_error:
        errors["child_dob"] = dob_error
    if errors:
        ordered = {k: errors[k] for k in ERROR_ORDER if k in errors}
        ordered.update({k: v for k, v in errors.items() if k not in ordered})
        return render_template("contact/form.html", values=values, errors=ordered, max_body=MAX_BODY_CHARS), 400
    _message, conversation, _created = accept_submission(submission, source="web:contact", actor="public:contact-form")
    session["contact_reference"] = conversation.token
    return redirect(url_for("contact.sent"), 303)


@bp.route("/sent")
def sent() -> str | Response:
    """The confirmation page, with the reference to quote."""
    reference = session.pop("contact_reference", None)
    if reference is None:
        return redirect(url_for("contact.form"))
    return render_template("contact/sent.html", reference=reference)
