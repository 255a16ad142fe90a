"""Administrators' reply templates: create, change, retire. Each is checked by filling it with samples."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.models import ReplyTemplate
from triage.replies.merge_fields import sample_fields
from triage.replies.render import TemplateProblem, fill
from triage.services.audit import record

MAX_NAME_CHARS = 120
MAX_SUBJECT_CHARS = 300


class TemplateErrors(ValueError):
    """Field-level problems with a template: {field: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def all_templates(session: Session) -> list[ReplyTemplate]:
    """Every template, active ones first, by name."""
    return list(session.scalars(select(ReplyTemplate).order_by(ReplyTemplate.active.desc(), ReplyTemplate.name)))


def _validate(session: Session, template_id: int | None, name: str, subject: str, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter a name for the template"
    elif len(name) > MAX_NAME_CHARS:
        errors["name"] = f"The name must be {MAX_NAME_CHARS} characters or fewer"
    else:
        clash = session.scalar(select(ReplyTemplate.id).where(func.lower(ReplyTemplate.name) == name.lower()))
        if clash is not None and clash != template_id:
            errors["name"] = "Another template already has this name"
    if len(subject) > MAX_SUBJECT_CHARS:
        errors["subject"] = f"The subject must be {MAX_SUBJECT_CHARS} characters or fewer"
    if not body.strip():
        errors["body"] = "Write the template's text"
    samples = sample_fields().as_dict()
    for field, text in (("subject", subject), ("body", body)):
        if field not in errors and text:
            try:
                fill(text, samples)
            except TemplateProblem as problem:
                errors[field] = str(problem)
    return errors


def save_template(session: Session, actor_user_id: int, template_id: int | None, *, name: str, subject: str,
                  body: str, active: bool = True) -> ReplyTemplate:
    """Create (template_id None) or change a template; raises TemplateErrors naming each bad field."""
    name, subject = name.strip(), subject.strip()
    template = session.get(ReplyTemplate, template_id) if template_id is not None else None
    if template_id is not None and template is None:
        raise TemplateErrors({"name": "That template no longer exists"})
    errors = _validate(session, template_id, name, subject, body)
    if errors:
        raise TemplateErrors(errors)
    created = template is None
    if template is None:
        template = ReplyTemplate(name=name, subject=subject, body=body)
        session.add(template)
    template.name, template.subject, template.body, template.active = name, subject, body, active
    template.updated_by_user_id = actor_user_id
    session.flush()
    record(session, "reply_template.created" if created else "reply_template.changed", "reply_template", template.id,
           actor_user_id=actor_user_id, details={"name": name, "active": active})
    session.flush()
    return template


def delete_template(session: Session, actor_user_id: int, template_id: int) -> str | None:
    """Delete a template (sent replies keep their text); returns its name, or None if it was gone."""
    template = session.get(ReplyTemplate, template_id)
    if template is None:
        return None
    name = template.name
    session.delete(template)
    record(session, "reply_template.deleted", "reply_template", template_id, actor_user_id=actor_user_id,
           details={"name": name})
    session.flush()
    return name
