"""The nightly register import job and `triage import-register`: configured paths, idempotent, clocks."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from triage.cli import main
from triage.config import ConfigError
from triage.models import Case, CaseContact, Clock
from triage.runtime import use_runtime
from triage.jobs.register_import import import_register

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


@pytest.fixture
def configured(runtime):
    """The test runtime with the register paths set to the sample register."""
    extra = {**runtime.settings.extra, "TRIAGE_REGISTER_PATH": str(SAMPLES / "cases.csv"),
             "TRIAGE_REGISTER_CONTACTS_PATH": str(SAMPLES / "contacts.csv")}
    configured = dataclasses.replace(runtime, settings=dataclasses.replace(runtime.settings, extra=extra))
    use_runtime(configured)
    yield configured
    use_runtime(runtime)


def _counts(session) -> tuple[int, int, int]:
    session.expire_all()
    return (session.scalar(select(func.count()).select_from(Case)),
            session.scalar(select(func.count()).select_from(CaseContact)),
            session.scalar(select(func.count()).select_from(Clock)))


def test_the_job_imports_the_configured_register_and_starts_statutory_clocks(configured, session):
    started = time.perf_counter()
    result = import_register()
    elapsed = time.perf_counter() - started
    print(f"register import of the 150 sample cases with clocks: {elapsed:.2f}s")  # a figure, not asserted
    cases, contacts, clocks = _counts(session)
    assert cases == 150 and contacts > 150
    assert result.cases_clocked == session.scalar(select(func.count()).select_from(Case).where(Case.request_date.is_not(None)))
    assert result.cases_clocked > 0
    with_date = session.scalars(select(Case).where(Case.request_date.is_not(None))).first()
    kinds = set(session.scalars(select(Clock.kind).where(Clock.case_id == with_date.id)))
    assert "assessment_decision" in kinds
    # A second run of the same files changes nothing: no duplicate cases, contacts or clocks.
    again = import_register()
    assert _counts(session) == (cases, contacts, clocks)
    assert again.reports[0].created == 0 and again.reports[0].updated == 0


def test_a_removed_request_date_turns_the_clock_into_cannot_start(configured, session, tmp_path):
    import_register()
    lines = (SAMPLES / "cases.csv").read_text(encoding="utf-8").splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    ref = first[0]
    first[header.index("request_date")] = ""
    edited = tmp_path / "cases.csv"
    edited.write_text("\n".join([lines[0], ",".join(first)]) + "\n", encoding="utf-8")
    import_register(str(edited))
    session.expire_all()
    case = session.scalars(select(Case).where(Case.case_ref == ref)).one()
    clock = session.scalars(select(Clock).where(Clock.case_id == case.id, Clock.kind == "assessment_decision")).one()
    assert clock.state == "cannot_start" and "no request date" in clock.reason


def test_an_unset_path_is_a_clear_error(runtime):
    with pytest.raises(ConfigError, match="TRIAGE_REGISTER_PATH is not set"):
        import_register()


def test_the_command_runs_the_job_for_cron(configured, session):
    result = CliRunner().invoke(main, ["import-register"])
    assert result.exit_code == 0, result.output
    assert "150 created" in result.output and "statutory clocks recomputed" in result.output
    assert _counts(session)[0] == 150


def test_the_command_names_the_missing_setting(runtime):
    result = CliRunner().invoke(main, ["import-register"])
    assert result.exit_code == 1
    assert "TRIAGE_REGISTER_PATH" in result.output
