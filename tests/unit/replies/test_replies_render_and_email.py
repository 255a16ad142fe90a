"""Reply templates in the sandbox, the merge-field wording, the outbound email, and phone form checks."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from triage.intake.forms import FormErrors, FormSubmission, validate_submission
from triage.replies.merge_fields import NO_DEADLINE, next_deadline_sentence, sample_fields
from triage.replies.outbound import build_reply, references_for
from triage.replies.render import TemplateProblem, fill
from triage.services.phone import phone_submission

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def test_templates_fill_merge_fields_and_keep_text_plain() -> None:
    fields = sample_fields().as_dict()
    out = fill("Dear {{ family_name }},\n{{ next_statutory }}\n<b>{{ child_name }}</b>", fields)
    assert out.startswith("Dear Ms Okafor,\nThe next statutory date on Amara Okafor's case is 14 March 2027")
    assert "<b>Amara Okafor</b>" in out  # plain text: the page that shows it escapes it


@pytest.mark.parametrize("source", [
    "{{ family_name.__class__.__mro__ }}",
    "{{ ''.__class__.__subclasses__() }}",
    "{{ 'x' * 1000000000 }}",
    "{{ 10 ** 10000000 }}",
    "{{ no_such_field }}",
    "{% for x in %}",
    "{{ cycler.__init__.__globals__ }}",
    "{% for i in range(100000000) %}x{% endfor %}",
    "{{ family_name + 1 }}",
])
def test_unsafe_or_broken_templates_are_refused_with_a_reason(source: str) -> None:
    with pytest.raises(TemplateProblem) as problem:
        fill(source, sample_fields().as_dict())
    assert str(problem.value).startswith("The template cannot be filled")


def test_the_next_deadline_is_said_plainly_or_its_absence_is() -> None:
    when, meaning, sentence = next_deadline_sentence("Amara Okafor", date(2027, 1, 5), "assessment_decision")
    assert when == "5 January 2027" and "whether it will carry out an EHC needs assessment" in meaning
    assert sentence == f"The next statutory date on Amara Okafor's case is 5 January 2027: by then {meaning}."
    assert next_deadline_sentence("Amara Okafor", None, None) == ("", "", NO_DEADLINE)


def test_the_reply_threads_on_the_answered_message_and_carries_the_token() -> None:
    refs = references_for("m2@example.org", "m0@example.org m1@example.org")
    assert refs == ["m0@example.org", "m1@example.org", "m2@example.org"]
    email = build_reply(mail_from="send@council.example", from_name="SEND Service", to_address="parent@example.org",
                        to_name="Ms Okafor", subject="Re: Where is the plan? [TRG-7K2M9Q]", token="TRG-7K2M9Q",
                        body="Dear Ms Okafor", in_reply_to="m2@example.org", references=refs, sent_at=NOW)
    assert email["Subject"] == "Re: Where is the plan? [TRG-7K2M9Q]"  # the token once, one Re:
    assert email["In-Reply-To"] == "<m2@example.org>"
    assert email["References"] == "<m0@example.org> <m1@example.org> <m2@example.org>"
    assert email["Message-ID"].endswith("@council.example>")
    assert email["To"] == "Ms Okafor <parent@example.org>"
    other = build_reply(mail_from="send@council.example", from_name="x", to_address="p@example.org", to_name=None,
                        subject="s", token="TRG-7K2M9Q", body="b", in_reply_to=None, references=[], sent_at=NOW)
    assert other["Message-ID"] != email["Message-ID"] and other["In-Reply-To"] is None


def test_form_bytes_are_unchanged_when_there_is_no_phone_number() -> None:
    fields = {"channel": "form", "sender_name": "Ann Example", "sender_email": "ann@example.org", "child_name": "",
              "child_dob": "", "subject": "Contact form", "body": "Hello", "received_at": NOW.isoformat()}
    submission = FormSubmission(**fields)
    assert submission.to_bytes() == json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")
    with_phone = FormSubmission(**fields, sender_phone="0116 496 0123")
    assert json.loads(with_phone.to_bytes())["sender_phone"] == "0116 496 0123"


def test_a_phone_contact_needs_a_number_or_an_email_and_a_form_still_needs_an_email() -> None:
    base = {"channel": "phone", "sender_name": "Ann", "body": "Chasing the plan"}
    assert validate_submission({**base, "sender_phone": "0116 496 0123"}, now=NOW).sender_email == ""
    assert validate_submission({**base, "sender_email": "ann@example.org"}, now=NOW).sender_phone == ""
    with pytest.raises(FormErrors) as neither:
        validate_submission(base, now=NOW)
    assert neither.value.errors == {"sender_phone": "Enter a phone number or an email address for the caller"}
    with pytest.raises(FormErrors) as bad:
        validate_submission({**base, "sender_phone": "call me"}, now=NOW)
    assert "correct format" in bad.value.errors["sender_phone"]
    with pytest.raises(FormErrors) as form:
        validate_submission({**base, "channel": "form", "sender_phone": "0116 496 0123"}, now=NOW)
    assert form.value.errors == {"sender_email": "Enter your email address"}


def test_the_call_log_names_the_agents_fields_in_its_errors() -> None:
    with pytest.raises(FormErrors) as problems:
        phone_submission({"caller_phone": "12", "child_dob": "31/02/2015"}, now=NOW)
    assert list(problems.value.errors) == ["caller_name", "caller_phone", "child_dob", "said", "outcome"]
    assert problems.value.errors["caller_name"] == "Enter the caller's name"
    assert problems.value.errors["said"] == "Write down what was said on the call"
    call = phone_submission({"caller_name": "Ann", "caller_phone": "+44 116 496 0123", "said": "Where is the plan?\nSEN104217",
                             "outcome": "call_back"}, now=NOW)
    assert call.channel == "phone" and call.subject == "Phone call: Where is the plan?"
    assert call.body.endswith("Outcome of the call: The caller asked to be called back")
