"""Who works the complaints and Tribunal desks: members of those teams act, managers and admins read."""

from __future__ import annotations

from datetime import date

from flask import abort, request

from web.access import StaffUser, staff

# The default teams' names (triage.routing.defaults); a renamed team loses its desk.
COMPLAINTS_TEAM = "Complaints"
TRIBUNAL_TEAM = "Tribunal and Mediation"


def can_read_desk(user: StaffUser, team: str) -> bool:
    """Managers and admins read every desk; staff read their own team's."""
    return user.role in ("manager", "admin") or team in user.team_names


def can_act_desk(user: StaffUser, team: str) -> bool:
    """Members of the team (not managers) and admins change its records."""
    return not user.read_only and (user.is_admin or team in user.team_names)


def require_read(team: str) -> StaffUser:
    user = staff()
    if not can_read_desk(user, team):
        abort(403)
    return user


def require_act(team: str) -> StaffUser:
    user = staff()
    if not can_act_desk(user, team):
        abort(403)
    return user


class FormError(ValueError):
    """A form field that cannot be read; the message names it."""


def optional_date(name: str, label: str) -> date | None:
    """A YYYY-MM-DD date from the posted form (the browser's date input), or None when blank."""
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise FormError(f"The {label} must be a real date, like 2025-03-14.") from None


def form_date(name: str, label: str) -> date:
    """A required date from the posted form; FormError names the field when it is blank or wrong."""
    value = optional_date(name, label)
    if value is None:
        raise FormError(f"Enter the {label}.")
    return value


def form_text(name: str, limit: int = 10000) -> str:
    return request.form.get(name, "").strip()[:limit]
