"""The nightly register import: cases (and contacts) from the configured path, then statutory clocks."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from triage.config import ConfigError
from triage.db import session_scope, utcnow
from triage.models import Case, CaseMilestone, Clock
from triage.runtime import current_runtime
from triage.services.cases import ImportReport, import_register_files
from triage.services.clocks import STATUTORY_KINDS, statutory_clocks_for_case

log = logging.getLogger(__name__)

REGISTER_PATH = "TRIAGE_REGISTER_PATH"
CONTACTS_PATH = "TRIAGE_REGISTER_CONTACTS_PATH"


@dataclass
class RegisterImportResult:
    reports: list[ImportReport] = field(default_factory=list)
    cases_clocked: int = 0

    def summary(self) -> str:
        """What was imported and how many cases had their statutory clocks recomputed."""
        lines = [report.summary() for report in self.reports]
        return "\n".join([*lines, f"statutory clocks recomputed for {self.cases_clocked} cases"])


def configured_paths(extra: dict[str, str] | object) -> tuple[Path, Path | None]:
    """The register and contacts files named by the settings; a clear error when unset or missing."""
    values = dict(extra)  # type: ignore[call-overload]
    raw = values.get(REGISTER_PATH, "").strip()
    if not raw:
        raise ConfigError(f"{REGISTER_PATH} is not set: give the path of the register CSV the council exports")
    cases_path = Path(raw)
    contacts_raw = values.get(CONTACTS_PATH, "").strip()
    contacts_path = Path(contacts_raw) if contacts_raw else None
    for name, path in ((REGISTER_PATH, cases_path), (CONTACTS_PATH, contacts_path)):
        if path is not None and not path.is_file():
            raise ConfigError(f"{name} names {path}, which is not a readable file")
    return cases_path, contacts_path


def cases_with_statutory_clocks(session: Session) -> list[int]:
    """Cases whose statutory clocks can change: a request date, a milestone, or clocks already stored."""
    return list(session.scalars(
        select(Case.id).where(or_(
            Case.request_date.is_not(None),
            Case.id.in_(select(CaseMilestone.case_id)),
            Case.id.in_(select(Clock.case_id).where(Clock.kind.in_(STATUTORY_KINDS))),
        )).order_by(Case.id)
    ))


def recompute_statutory_clocks(session: Session) -> int:
    """Bring every such case's statutory clocks in line with its record (idempotent); how many cases."""
    now = utcnow()
    case_ids = cases_with_statutory_clocks(session)
    for case_id in case_ids:
        statutory_clocks_for_case(session, case_id, now)
    return len(case_ids)


def import_register(path: str | None = None, contacts_path: str | None = None) -> RegisterImportResult:
    """Import the register (path, else TRIAGE_REGISTER_PATH) and recompute statutory clocks. Idempotent.

    Re-importing the same file changes nothing: cases upsert by case_ref, contacts by person, and
    the clocks are derived from the records. One commit at the end.
    """
    runtime = current_runtime()
    if path is None:
        cases_file, contacts_file = configured_paths(runtime.settings.extra)
    else:
        cases_file, contacts_file = Path(path), Path(contacts_path) if contacts_path else None
    with session_scope(runtime.sessions) as session:
        result = RegisterImportResult(reports=import_register_files(session, cases_file, contacts_file))
        result.cases_clocked = recompute_statutory_clocks(session)
    for report in result.reports:
        log.info("register import: %s", report.summary())
    return result
