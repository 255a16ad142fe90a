"""Register and contacts import against the real databases: bad rows, re-import, the CLI command."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.cli.cases_commands import import_cases_cmd
from triage.linking.normalise import name_key
from triage.models import Case, CaseContact
from triage.runtime import Runtime
from triage.services.cases import RegisterFormatError, import_cases, import_contacts, import_register_files

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"
TODAY = date(2026, 1, 15)


def csv_text(*lines: str) -> io.StringIO:
    return io.StringIO("\n".join(lines) + "\n")


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_sample_register_imports_and_reimports_without_duplicating(session: Session) -> None:
    first = import_register_files(session, SAMPLES / "cases.csv", SAMPLES / "contacts.csv")
    assert [r.bad_rows for r in first] == [[], []]
    assert first[0].created == 150 and first[0].updated == 0
    contacts = count(session, CaseContact)
    assert contacts == first[0].contacts_created + first[1].contacts_created
    again = import_register_files(session, SAMPLES / "cases.csv", SAMPLES / "contacts.csv")
    assert (again[0].created, again[0].updated, again[0].unchanged) == (0, 0, 150)
    assert again[0].contacts_created == again[1].contacts_created == 0
    assert count(session, Case) == 150 and count(session, CaseContact) == contacts
    twins = session.scalars(select(Case).where(Case.last_name_key == "kowalska")).all()
    assert {c.first_name_key for c in twins} == {"amelia", "zofia"}
    khan = session.scalars(select(Case).where(Case.case_ref == "SEN104310")).one()
    assert {(c.email, c.relationship_to_child) for c in khan.contacts} >= {("samina.khan@example.com", "parent")}


def test_bad_rows_are_reported_and_good_rows_still_import(session: Session) -> None:
    report = import_cases(session, csv_text(
        "Stage,Case Ref,child_first_name,child_last_name,date_of_birth,parent_email,unused",
        "assessment,SEN200001,Amira,Okafor,12/03/2015,amira.parent@example.org,x",
        "assessment,SEN200002,Ben,Lowe,31/02/2015,,",
        "assessment,SEN200003,,Lowe,2015-03-12,,",
        "assessment,sen-200001,Amira,Okafor,2015-03-12,,",
        "assessment,SEN200004,Cara,Doyle,2015-3-12,not-an-email,",
        "assessment,SEN200005,Dev,Patel,2030-01-01,,",
        "assessment,SEN200006,Eve,Adams,12 March 2015,,",
        "draft plan,SEN200007,Łucja,Wójcik,2016-07-01,,",
    ), source_name="register.csv", today=TODAY)
    assert report.created == 2
    assert [(b.line, b.case_ref) for b in report.bad_rows] == [
        (3, "SEN200002"), (4, "SEN200003"), (5, "SEN200001"), (6, "SEN200004"), (7, "SEN200005"), (8, "SEN200006")]
    reasons = " | ".join(b.reason for b in report.bad_rows)
    for expected in ("not a real date", "child_first_name and child_last_name are required", "duplicate case_ref SEN200001 (first on line 2)",
                     "not an email address", "in the future", "not a date in YYYY-MM-DD or DD/MM/YYYY form"):
        assert expected in reasons
    amira = session.scalars(select(Case).where(Case.case_ref == "SEN200001")).one()
    assert (amira.date_of_birth, amira.stage, amira.first_name_key) == (date(2015, 3, 12), "assessment", "amira")
    assert [(c.email, c.relationship_to_child) for c in amira.contacts] == [("amira.parent@example.org", "parent")]
    lucja = session.scalars(select(Case).where(Case.case_ref == "SEN200007")).one()
    assert (lucja.first_name_key, lucja.last_name_key) == (name_key("Łucja"), "wojcik")


def test_reimport_updates_changed_fields_and_keys(session: Session) -> None:
    header = "case_ref,child_first_name,child_last_name,school,parent_name,parent_email"
    import_cases(session, csv_text(header, "SEN200010,Jon,Baker,Westgate Primary School,Ann Baker,ann@example.org"),
                 source_name="a.csv", today=TODAY)
    report = import_cases(session, csv_text(header, "SEN200010,John,Baker,Oakwood High School,Ann Baker,ann@example.org"),
                          source_name="b.csv", today=TODAY)
    assert (report.created, report.updated, report.contacts_created) == (0, 1, 0)
    case = session.scalars(select(Case).where(Case.case_ref == "SEN200010")).one()
    assert (case.child_first_name, case.first_name_key, case.school) == ("John", "john", "Oakwood High School")
    assert len(case.contacts) == 1


def test_missing_required_column_fails_with_a_clear_message(session: Session) -> None:
    with pytest.raises(RegisterFormatError, match="child_last_name"):
        import_cases(session, csv_text("case_ref,child_first_name", "SEN1,Amy"), source_name="x.csv")


def test_contacts_file_several_per_case_and_bad_rows(session: Session) -> None:
    import_cases(session, csv_text("case_ref,child_first_name,child_last_name", "SEN200020,Hodan,Warsame"),
                 source_name="c.csv", today=TODAY)
    report = import_contacts(session, csv_text(
        "case_ref,name,email,phone,relationship",
        "SEN200020,Fadumo Hassan,Fadumo.Hassan@Example.org,,Mother",
        "SEN200020,Kofi Mensah,kofi@socialcare.council.example,,Social Worker",
        "SEN200020,SENCo,senco@riverside.sch.example,,SENCO",
        "SEN999999,Someone,someone@example.org,,parent",
        "SEN200020,Odd,odd@example.org,,neighbour",
        "SEN200020,Fadumo H,fadumo.hassan@example.org,,parent",
    ), source_name="contacts.csv")
    assert report.contacts_created == 3
    assert [b.line for b in report.bad_rows] == [5, 6, 7]
    case = session.scalars(select(Case).where(Case.case_ref == "SEN200020")).one()
    assert {(c.email, c.relationship_to_child) for c in case.contacts} == {
        ("fadumo.hassan@example.org", "parent"), ("kofi@socialcare.council.example", "social_worker"),
        ("senco@riverside.sch.example", "senco")}


def test_import_cases_command(runtime: Runtime, session: Session, tmp_path: Path) -> None:
    good = tmp_path / "cases.csv"
    good.write_text("case_ref,child_first_name,child_last_name\nSEN200030,Ivy,Green\nSEN200031,,Green\n")
    result = CliRunner().invoke(import_cases_cmd, [str(good)])
    assert result.exit_code == 1
    assert "1 created" in result.output and "line 3 (SEN200031)" in result.output
    assert session.scalars(select(Case.case_ref).where(Case.case_ref.like("SEN20003%"))).all() == ["SEN200030"]
    clean = tmp_path / "clean.csv"
    clean.write_text("case_ref,child_first_name,child_last_name\nSEN200032,Max,Green\n")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("case_ref,name,email,phone,relationship\nSEN200032,Lee Green,lee@example.org,,parent\n")
    result = CliRunner().invoke(import_cases_cmd, [str(clean), "--contacts", str(contacts)])
    assert result.exit_code == 0, result.output
    assert "1 contacts created" in result.output
