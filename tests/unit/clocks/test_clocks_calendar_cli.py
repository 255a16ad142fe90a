"""`triage calendar due` prints YYYY-MM-DD and refuses bad input with exit status 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from triage.cli.calendar_commands import calendar_group


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "2024-12-24", "--working-days", "4"], "2025-01-02"),
        (["--from", "2024-12-20", "--working-days", "3", "--calendar", "tribunal"], "2025-01-02"),
        (["--from", "2024-07-01", "--working-days", "30", "--calendar", "tribunal"], "2024-09-11"),
        (["--from", "2024-01-18", "--weeks", "6"], "2024-02-29"),
        (["--from", "2024-02-28", "--days", "1"], "2024-02-29"),
    ],
)
def test_clocks_cli_due_prints_the_date(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(calendar_group, ["due", *args])
    assert result.exit_code == 0, result.output
    assert result.output == expected + "\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2024-12-24"], "exactly one"),
        (["--from", "2024-12-24", "--weeks", "1", "--days", "2"], "--weeks and --days"),
        (["--from", "24/12/2024", "--days", "2"], "24/12/2024"),
        (["--from", "2024-02-30", "--days", "2"], "2024-02-30"),
        (["--from", "2024-12-24", "--days", "-1"], "-1"),
        (["--from", "2024-12-24", "--days", "1", "--calendar", "scotland"], "scotland"),
        (["--working-days", "1"], "--from"),
    ],
)
def test_clocks_cli_due_refuses_bad_input(args: list[str], message: str) -> None:
    result = CliRunner().invoke(calendar_group, ["due", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
