from triage.intake.thread_keys import TOKEN_RE, base_subject, new_token, subject_with_token, tokens_in


def test_tokens_are_unambiguous_when_read_aloud() -> None:
    for _ in range(200):
        token = new_token()
        assert TOKEN_RE.search(f"[{token}]")
        assert not set(token[4:]) & set("01OI")


def test_tokens_are_found_in_reply_subjects_whatever_the_case() -> None:
    assert tokens_in("RE: Re: Assessment [trg-7k2m9q]") == ["TRG-7K2M9Q"]
    assert tokens_in("no token here") == []


def test_reply_subject_carries_the_token_once() -> None:
    assert subject_with_token("Re: FW: Assessment [TRG-7K2M9Q]", "TRG-7K2M9Q") == "Re: Assessment [TRG-7K2M9Q]"
    assert base_subject("AW: Sv: Where is the plan?") == "Where is the plan?"
