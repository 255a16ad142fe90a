"""Staff accounts: creating users, checking passwords (argon2), team membership."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.models import Team, User
from triage.models.team import ROLES
from triage.services.audit import record

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12


class UserError(ValueError):
    """A user could not be created or changed; the message says why."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None."""
    user = find_user(session, email)
    if user is None or not user.active or not verify_password(user, password):
        return None
    return user


def create_user(
    session: Session,
    email: str,
    *,
    role: str,
    password: str,
    teams: list[str] = (),  # type: ignore[assignment]
    name: str = "",
    actor_user_id: int | None = None,
) -> User:
    """Create (or update the role, teams and password of) a staff user; teams must exist."""
    email = email.strip().lower()
    if "@" not in email:
        raise UserError(f"{email!r} is not an email address")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    found = []
    for team_name in teams:
        team = session.scalar(select(Team).where(func.lower(Team.name) == team_name.strip().lower()))
        if team is None:
            known = ", ".join(session.scalars(select(Team.name).order_by(Team.name)))
            raise UserError(f"no team named {team_name!r}; teams are: {known}")
        found.append(team)
    user = find_user(session, email)
    created = user is None
    if user is None:
        user = User(email=email)
        session.add(user)
    user.name = name or user.name or email.split("@")[0].replace(".", " ").title()
    user.role = role
    user.password_hash = hash_password(password)
    user.teams = found
    session.flush()
    record(session, "user.created" if created else "user.updated", "user", user.id,
           actor_user_id=actor_user_id, details={"role": role, "teams": [t.name for t in found]})
    return user
