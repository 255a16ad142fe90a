from datetime import UTC, datetime

import pytest

from triage.intake.forms import FormErrors, sender_label, validate_submission

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
GOOD = {"sender_name": "Dana Whitfield", "sender_email": "Dana.W@example.org", "child_name": "Leo Whitfield",
        "child_dob": "12/03/2015", "subject": "Assessment", "body": "When will we hear?"}


def test_a_good_submission_is_normalised() -> None:
    sub = validate_submission(GOOD, now=NOW)
    assert sub.sender_email == "dana.w@example.org"
    assert sub.child_dob == "2015-03-12"
    assert sub.channel == "form"
    assert sub.received_at == NOW.isoformat()


def test_canonical_bytes_are_stable() -> None:
    assert validate_submission(GOOD, now=NOW).to_bytes() == validate_submission(dict(GOOD), now=NOW).to_bytes()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sender_name": ""}, "sender_name"),
        ({"sender_email": "not-an-email"}, "sender_email"),
        ({"body": "   "}, "body"),
        ({"child_dob": "31/02/2015"}, "child_dob"),
        ({"child_dob": "01/01/2030"}, "child_dob"),
        ({"channel": "fax"}, "channel"),
        ({"received_at": "yesterday"}, "received_at"),
    ],
)
def test_each_bad_field_is_named(change: dict, field: str) -> None:
    with pytest.raises(FormErrors) as info:
        validate_submission({**GOOD, **change}, now=NOW)
    assert field in info.value.errors


def test_all_missing_fields_are_reported_together() -> None:
    with pytest.raises(FormErrors) as info:
        validate_submission({}, now=NOW)
    assert {"sender_name", "sender_email", "body"} <= set(info.value.errors)


def test_non_object_payload_is_refused() -> None:
    with pytest.raises(FormErrors):
        validate_submission(["a list"], now=NOW)


def test_sender_labels_for_email_phone_and_neither() -> None:
    assert sender_label("Dana Whitfield", "dana@example.org") == "Dana Whitfield <dana@example.org>"
    assert sender_label("Dana Whitfield", "", "0116 496 0000") == "Dana Whitfield (phone 0116 496 0000)"
    assert sender_label("", None) == "Unknown sender"
