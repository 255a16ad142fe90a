import base64

from triage.intake.thread_keys import TOKEN_RE, base_subject, new_token, subject_with_token, thread_index_key, tokens_in


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


def test_outlook_thread_index_replies_share_the_conversation_key() -> None:
    header = bytes(range(1, 23))
    first = base64.b64encode(header).decode()
    reply = base64.b64encode(header + b"\x00\x01\x02\x03\x04").decode()
    other = base64.b64encode(bytes(range(2, 24))).decode()
    assert thread_index_key(first) == thread_index_key(reply) is not None
    assert thread_index_key(other) != thread_index_key(first)
    assert thread_index_key("not base64!!") is None and thread_index_key("AAAA") is None and thread_index_key(None) is None
