"""Case register import: the council's case file and a contacts file, upserted by case reference.

Bad rows are reported with their line numbers and reasons; good rows still import. Services
flush, never commit.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from triage.linking.normalise import canonical_case_ref, name_key, normalise_email
from triage.models import Case, CaseContact

CASE_COLUMNS = (
    "case_ref", "child_first_name", "child_last_name", "date_of_birth", "school", "year_group",
    "parent_name", "parent_email", "parent_phone", "case_officer", "stage", "request_date",
)
CASE_REQUIRED = ("case_ref", "child_first_name", "child_last_name")
CONTACT_REQUIRED = ("case_ref", "relationship")
_TEXT_FIELDS = {"school": 200, "year_group": 20, "case_officer": 120, "stage": 60}
_PARENT_FIELDS = ("parent_name", "parent_email", "parent_phone")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_BATCH = 500
RELATIONSHIPS = {
    "parent": "parent", "mother": "parent", "father": "parent", "mum": "parent", "dad": "parent",
    "step parent": "parent", "stepparent": "parent", "guardian": "parent", "adoptive parent": "parent",
    "carer": "carer", "foster carer": "carer", "kinship carer": "carer", "grandparent": "carer",
    "special guardian": "carer",
    "social worker": "social_worker", "social_worker": "social_worker",
    "senco": "senco", "sendco": "senco",
    "school": "school", "teacher": "school", "headteacher": "school", "head teacher": "school",
    "professional": "professional", "educational psychologist": "professional", "ep": "professional",
    "health visitor": "professional", "paediatrician": "professional", "therapist": "professional",
    "advocate": "advocate", "solicitor": "solicitor",
}


class RegisterFormatError(ValueError):
    """The file cannot be read as a register at all (e.g. a required column is missing)."""


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str
    case_ref: str | None = None


@dataclass
class ImportReport:
    source_name: str
    kind: str = "cases"  # "cases" or "contacts"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)

    def summary(self) -> str:
        """One line a person can read: what changed and how many rows were refused."""
        cases = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, " if self.kind == "cases" else ""
        return (
            f"{self.source_name}: {cases}{self.contacts_created} contacts created, "
            f"{self.contacts_updated} contacts updated, {len(self.bad_rows)} bad rows"
        )


def _rows(rows_source: TextIO, required: Sequence[str], source_name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) with headers normalised ("Date of birth" -> date_of_birth) and cells stripped."""
    reader = csv.reader(rows_source)
    try:
        header = next(reader)
    except StopIteration:
        raise RegisterFormatError(f"{source_name} is empty; it needs a header row.") from None
    names = [re.sub(r"[\s\-]+", "_", h.replace("\ufeff", "").strip().lower()) for h in header]
    missing = [c for c in required if c not in names]
    if missing:
        raise RegisterFormatError(
            f"{source_name} has no column {', '.join(missing)}; the header row must name "
            f"{', '.join(required)} (any order, extra columns ignored)."
        )
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        yield reader.line_num, {n: (cells[i].strip() if i < len(cells) else "") for i, n in enumerate(names)}


def parse_register_date(raw: str, column: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY; raises ValueError naming the column for anything else."""
    if not raw:
        return None
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif uk:
        day, month, year = (int(g) for g in uk.groups())
    else:
        raise ValueError(f"{column} '{raw}' is not a date in YYYY-MM-DD or DD/MM/YYYY form")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{column} '{raw}' is not a real date") from None


def _email(raw: str, column: str) -> str | None:
    email = normalise_email(raw)
    if email and not _EMAIL.match(email):
        raise ValueError(f"{column} '{raw}' is not an email address")
    return email


def _case_values(row: dict[str, str], today: date) -> dict[str, object]:
    """The row's values for a Case and its parent contact; raises ValueError with the reason."""
    first, last = row["child_first_name"], row["child_last_name"]
    if not first or not last:
        raise ValueError("child_first_name and child_last_name are required")
    if not name_key(first) or not name_key(last):
        raise ValueError("the child's names contain no letters")
    values: dict[str, object] = {
        "child_first_name": first[:120], "child_last_name": last[:120],
        "first_name_key": name_key(first)[:120], "last_name_key": name_key(last)[:120],
    }
    if "date_of_birth" in row:
        dob = parse_register_date(row["date_of_birth"], "date_of_birth")
        if dob and dob > today:
            raise ValueError(f"date_of_birth '{row['date_of_birth']}' is in the future")
        values["date_of_birth"] = dob
    if "request_date" in row:
        values["request_date"] = parse_register_date(row["request_date"], "request_date")
    for column, limit in _TEXT_FIELDS.items():
        if column in row:
            if len(row[column]) > limit:
                raise ValueError(f"{column} is longer than {limit} characters")
            values[column] = row[column] or None
    if "parent_email" in row:
        values["parent_email"] = _email(row["parent_email"], "parent_email")
    return values


def _cases_by_ref(session: Session, refs: Sequence[str]) -> dict[str, Case]:
    found: dict[str, Case] = {}
    for start in range(0, len(refs), _BATCH):
        chunk = refs[start:start + _BATCH]
        stmt = select(Case).where(Case.case_ref.in_(chunk)).options(selectinload(Case.contacts))
        found.update({c.case_ref: c for c in session.scalars(stmt)})
    return found


def _upsert_contact(case: Case, *, name: str, email: str | None, phone: str | None,
                    relationship: str, report: ImportReport) -> None:
    """Match the person by address, else by name; update what changed or add them."""
    key = name_key(name)
    match = next((c for c in case.contacts if email and c.email == email), None)
    if match is None and key:
        match = next((c for c in case.contacts if name_key(c.name) == key and (not c.email or not email)), None)
    if match is None:
        case.contacts.append(CaseContact(name=name, email=email, phone=phone or None, relationship_to_child=relationship))
        report.contacts_created += 1
        return
    changed = False
    for attr, value in (("name", name or match.name), ("email", email or match.email),
                        ("phone", phone or match.phone), ("relationship_to_child", relationship)):
        if getattr(match, attr) != value:
            setattr(match, attr, value)
            changed = True
    report.contacts_updated += changed


def import_cases(session: Session, rows_source: TextIO, *, source_name: str, today: date | None = None) -> ImportReport:
    """Upsert case records by case_ref from a register CSV; parent_* columns upsert a parent contact."""
    today = today or date.today()
    report = ImportReport(source_name)
    parsed: dict[str, tuple[int, dict[str, str], dict[str, object]]] = {}
    for line, row in _rows(rows_source, CASE_REQUIRED, source_name):
        ref = canonical_case_ref(row["case_ref"])
        if not ref:
            report.bad_rows.append(BadRow(line, "case_ref is required"))
            continue
        if len(ref) > 32:
            report.bad_rows.append(BadRow(line, "case_ref is longer than 32 characters", ref))
            continue
        if ref in parsed:
            report.bad_rows.append(BadRow(line, f"duplicate case_ref {ref} (first on line {parsed[ref][0]})", ref))
            continue
        try:
            values = _case_values(row, today)
        except ValueError as exc:
            report.bad_rows.append(BadRow(line, str(exc), ref))
            parsed[ref] = (line, row, {})  # a later row with this reference is still a duplicate
            continue
        parsed[ref] = (line, row, values)

    good = {ref: item for ref, item in parsed.items() if item[2]}
    existing = _cases_by_ref(session, sorted(good))
    for count, (ref, (_, row, values)) in enumerate(good.items(), start=1):
        parent_email = values.pop("parent_email", None)
        case = existing.get(ref)
        if case is None:
            case = Case(case_ref=ref, **values)
            session.add(case)
            report.created += 1
        else:
            changed = [k for k, v in values.items() if getattr(case, k) != v]
            for key in changed:
                setattr(case, key, values[key])
            if changed:
                report.updated += 1
            else:
                report.unchanged += 1
        parent_name = row.get("parent_name", "")
        if parent_name or parent_email:
            _upsert_contact(case, name=parent_name[:200], email=parent_email, phone=row.get("parent_phone", "")[:40],
                            relationship="parent", report=report)
        if count % _BATCH == 0:
            session.flush()
    session.flush()
    return report


def import_contacts(session: Session, rows_source: TextIO, *, source_name: str) -> ImportReport:
    """Upsert contacts (case_ref, name, email, phone, relationship), several per case, onto existing cases."""
    report = ImportReport(source_name, kind="contacts")
    rows: list[tuple[int, str, dict[str, str]]] = []
    for line, row in _rows(rows_source, CONTACT_REQUIRED, source_name):
        rows.append((line, canonical_case_ref(row["case_ref"]), row))
    cases = _cases_by_ref(session, sorted({ref for _, ref, _ in rows if ref}))
    seen: dict[tuple[str, str], int] = {}
    for line, ref, row in rows:
        try:
            name, email = row.get("name", "")[:200], _email(row.get("email", ""), "email")
            relationship = RELATIONSHIPS.get(re.sub(r"[\s_\-]+", " ", row["relationship"].lower()).strip())
            if not ref:
                raise ValueError("case_ref is required")
            if ref not in cases:
                raise ValueError(f"no case {ref} in the register (import the cases file first)")
            if not name and not email:
                raise ValueError("a contact needs a name or an email")
            if relationship is None:
                raise ValueError(
                    f"relationship '{row['relationship']}' is not one of "
                    "parent, carer, social worker, SENCO, school, professional, advocate, solicitor"
                )
            person = (ref, email or name_key(name))
            if person in seen:
                raise ValueError(f"duplicate contact for {ref} (first on line {seen[person]})")
            seen[person] = line
        except ValueError as exc:
            report.bad_rows.append(BadRow(line, str(exc), ref or None))
            continue
        _upsert_contact(cases[ref], name=name, email=email, phone=row.get("phone", "")[:40],
                        relationship=relationship, report=report)
    session.flush()
    return report


def import_register_files(session: Session, cases_path: Path, contacts_path: Path | None = None) -> list[ImportReport]:
    """Import the cases file, then the contacts file if given (the nightly job's use-case)."""
    with cases_path.open(newline="", encoding="utf-8-sig") as handle:
        reports = [import_cases(session, handle, source_name=str(cases_path))]
    if contacts_path is not None:
        with contacts_path.open(newline="", encoding="utf-8-sig") as handle:
            reports.append(import_contacts(session, handle, source_name=str(contacts_path)))
    return reports
