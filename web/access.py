"""Who is signed in, and what their role lets them reach: enforced on the server for every view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TypeVar

from flask import Blueprint, Flask, abort
from flask_login import LoginManager, UserMixin, current_user

from triage.models import User
from triage.models.team import ROLES
from triage.services.queue import Viewer
from web.database import db

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"

F = TypeVar("F", bound=Callable[..., object])

ACTING_ROLES = ("agent", "team_lead", "admin")  # managers read everything and change nothing


@dataclass(eq=False)
class StaffUser(UserMixin):
    """The signed-in user, copied out of the ORM so templates never lazy-load from a closed session."""

    id: int
    email: str
    name: str
    role: str
    team_ids: frozenset[int]
    team_names: tuple[str, ...]

    @classmethod
    def from_model(cls, user: User) -> StaffUser:
        return cls(id=user.id, email=user.email, name=user.name or user.email, role=user.role,
                   team_ids=frozenset(user.team_ids), team_names=tuple(sorted(t.name for t in user.teams)))

    def get_id(self) -> str:
        return str(self.id)

    @property
    def viewer(self) -> Viewer:
        return Viewer(user_id=self.id, role=self.role, team_ids=self.team_ids)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def read_only(self) -> bool:
        return self.role == "manager"


@login_manager.user_loader
def _load_user(user_id: str) -> StaffUser | None:
    if not user_id.isdigit():
        return None
    user = db().get(User, int(user_id))
    if user is None or not user.active or user.role not in ROLES:
        return None
    return StaffUser.from_model(user)


def staff() -> StaffUser:
    """The signed-in member of staff (views behind `require_staff` only)."""
    return current_user._get_current_object()  # type: ignore[attr-defined]


def current_viewer() -> Viewer:
    return staff().viewer


def _guard(roles: tuple[str, ...]) -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if roles and current_user.role not in roles:
        abort(403)


def roles_required(*roles: str) -> Callable[[F], F]:
    """Only signed-in staff with one of these roles (any staff role when none are named)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: object, **kwargs: object) -> object:
            _guard(roles)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def protect_blueprint(bp: Blueprint, *roles: str) -> None:
    """Every view of the blueprint needs a signed-in member of staff (with one of `roles`)."""

    @bp.before_request
    def _check() -> None:
        _guard(roles)


def init_access(app: Flask) -> None:
    login_manager.init_app(app)
