"""Administration of reply templates: list, add, change (with a preview on sample values), delete."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from triage.models import ReplyTemplate
from triage.replies.merge_fields import FIELD_HELP, sample_fields
from triage.replies.render import TemplateProblem, fill
from triage.services import reply_templates
from triage.services.replies import sendiass_text
from web.access import protect_blueprint, staff
from web.database import db, runtime

bp = Blueprint("templates_admin", __name__, url_prefix="/admin/templates")
protect_blueprint(bp, "admin")


@bp.route("/")
def index() -> str:
    """Every template, active first."""
    return render_template("templates_admin/index.html", templates=reply_templates.all_templates(db()))


def _sample_preview(subject: str, body: str) -> tuple[str, str] | None:
    samples = sample_fields(sendiass_text(runtime().settings)).as_dict()
    try:
        return (fill(subject, samples) if subject else "(the conversation's subject)"), fill(body, samples)
    except TemplateProblem:
        return None


def _form(template: ReplyTemplate | None, values: dict, errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    preview = _sample_preview(values.get("subject", ""), values.get("body", "")) if values.get("body") and not errors else None
    return render_template("templates_admin/form.html", template=template, values=values, errors=errors,
                           preview=preview, field_help=FIELD_HELP), status


def _values(template: ReplyTemplate | None) -> dict:
    if template is None:
        return {"name": "", "subject": "", "body": "", "active": True}
    return {"name": template.name, "subject": template.subject, "body": template.body, "active": template.active}


@bp.route("/new")
def new() -> tuple[str, int]:
    return _form(None, _values(None), {})


@bp.route("/<int:template_id>")
def edit(template_id: int) -> tuple[str, int]:
    template = db().get(ReplyTemplate, template_id)
    if template is None:
        abort(404)
    return _form(template, _values(template), {})


@bp.route("/new", methods=["POST"], endpoint="create")
@bp.route("/<int:template_id>", methods=["POST"])
def save(template_id: int | None = None) -> Response | tuple[str, int]:
    """Save a new or changed template; problems come back next to their fields."""
    template = db().get(ReplyTemplate, template_id) if template_id is not None else None
    if template_id is not None and template is None:
        abort(404)
    values = {"name": request.form.get("name", ""), "subject": request.form.get("subject", ""),
              "body": request.form.get("body", ""), "active": request.form.get("active") == "1"}
    try:
        saved = reply_templates.save_template(db(), staff().id, template_id, name=values["name"],
                                              subject=values["subject"], body=values["body"], active=values["active"])
    except reply_templates.TemplateErrors as problems:
        return _form(template, values, problems.errors)
    flash(f"Template {saved.name!r} saved. Check the preview below.", "success")
    return redirect(url_for("templates_admin.edit", template_id=saved.id), 303)


@bp.route("/<int:template_id>/delete", methods=["POST"])
def delete(template_id: int) -> Response:
    """Delete a template; replies already sent keep their text."""
    name = reply_templates.delete_template(db(), staff().id, template_id)
    if name is None:
        abort(404)
    flash(f"Template {name!r} deleted.", "success")
    return redirect(url_for("templates_admin.index"), 303)
