"""Web form and JSON API submissions (DESIGN.md §5): validation and canonical bytes."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

from dateutil import parser as dateparser

FORM_CHANNELS = ("form", "api", "phone")
EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{7,24}$")
MAX_BODY_CHARS = 50_000


@dataclass(frozen=True)
class FormSubmission:
    channel: str
    sender_name: str
    sender_email: str
    child_name: str
    child_dob: str
    subject: str
    body: str
    received_at: str
    sender_phone: str = ""  # phone contacts: a number instead of (or as well as) an email address

    def to_bytes(self) -> bytes:
        """Canonical JSON: the raw bytes stored (and hashed) for a form message."""
        fields = asdict(self)
        if not fields["sender_phone"]:
            # Left out when empty, so forms stored before phone contacts keep their bytes and hash.
            del fields["sender_phone"]
        return json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")


class FormErrors(ValueError):
    """Field-level validation errors: {field: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    return value.strip()


def parse_dob(value: str) -> date | None:
    """A child's date of birth written ISO or day-first (12/03/2015)."""
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        return dateparser.parse(value, dayfirst=True).date()
    except (ValueError, OverflowError):
        return None


def validate_submission(data: object, *, default_channel: str = "form", now: datetime | None = None) -> FormSubmission:
    """Check a submitted form or API payload; raises FormErrors naming each bad field."""
    if not isinstance(data, dict):
        raise FormErrors({"body": "expected a JSON object with the form's fields"})
    errors: dict[str, str] = {}
    channel = _text(data, "channel") or default_channel
    if channel not in FORM_CHANNELS:
        errors["channel"] = f"must be one of {', '.join(FORM_CHANNELS)}"
    sender_name = _text(data, "sender_name")
    sender_email = _text(data, "sender_email").lower()
    subject = _text(data, "subject")
    body = _text(data, "body")
    child_name = _text(data, "child_name")
    child_dob = _text(data, "child_dob")
    if not sender_name:
        errors["sender_name"] = "Enter your full name"
    elif len(sender_name) > 200:
        errors["sender_name"] = "Name must be 200 characters or fewer"
    sender_phone = _text(data, "sender_phone")
    if sender_phone and (not PHONE_RE.match(sender_phone) or sum(c.isdigit() for c in sender_phone) < 7):
        errors["sender_phone"] = "Enter a phone number in the correct format, like 0116 496 0123 or +44 116 496 0123"
    if sender_email and (not EMAIL_RE.match(sender_email) or len(sender_email) > 320):
        errors["sender_email"] = "Enter an email address in the correct format, like name@example.com"
    elif not sender_email and channel != "phone":
        errors["sender_email"] = "Enter your email address"
    elif not sender_email and not sender_phone:
        # A caller may have no email address: a number to call back is enough.
        errors["sender_phone"] = "Enter a phone number or an email address for the caller"
    if not body:
        errors["body"] = "Enter your message"
    elif len(body) > MAX_BODY_CHARS:
        errors["body"] = f"Message must be {MAX_BODY_CHARS:,} characters or fewer"
    if len(subject) > 300:
        errors["subject"] = "Subject must be 300 characters or fewer"
    if len(child_name) > 200:
        errors["child_name"] = "Child's name must be 200 characters or fewer"
    if child_dob:
        dob = parse_dob(child_dob)
        today = (now or datetime.now(UTC)).date()
        if dob is None:
            errors["child_dob"] = "Date of birth must be a real date, like 27/03/2015"
        elif dob > today or dob.year < today.year - 30:
            errors["child_dob"] = "Date of birth must be in the past and within the last 30 years"
        else:
            child_dob = dob.isoformat()
    received_raw = _text(data, "received_at")
    received_at = (now or datetime.now(UTC)).isoformat()
    if received_raw:
        try:
            parsed = datetime.fromisoformat(received_raw.replace("Z", "+00:00"))
            received_at = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
        except ValueError:
            errors["received_at"] = "received_at must be an ISO 8601 date and time"
    if errors:
        raise FormErrors(errors)
    return FormSubmission(
        channel=channel,
        sender_name=sender_name,
        sender_email=sender_email,
        child_name=child_name,
        child_dob=child_dob,
        subject=subject or "Contact form",
        body=body,
        received_at=received_at,
        sender_phone=sender_phone,
    )


def sender_label(name: str | None, email: str | None, phone: str | None = None) -> str:
    """How a form, API or phone sender is shown: 'Name <email>', or 'Name (phone 0116 …)'."""
    name = (name or "").strip() or "Unknown sender"
    if email:
        return f"{name} <{email}>"
    if phone:
        return f"{name} (phone {phone})"
    return name
