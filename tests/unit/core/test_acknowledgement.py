from triage.intake.acknowledgement import acknowledgement_refusal, build_acknowledgement

OWN = "send-triage@council.example"


def refusal(**kw: object) -> str | None:
    base = {"sender_email": "dana@example.org", "automatic": False, "already_sent_today": 0, "cap": 3, "own_address": OWN}
    base.update(kw)
    return acknowledgement_refusal(**base)  # type: ignore[arg-type]


def test_a_family_gets_an_acknowledgement() -> None:
    assert refusal() is None


def test_loops_and_floods_are_refused() -> None:
    assert "automatic" in refusal(automatic=True)
    assert "cap 3" in refusal(already_sent_today=3)
    assert refusal(sender_email="no-reply@portal.example.com") is not None
    assert refusal(sender_email="MAILER-DAEMON@mx.example.net") is not None
    assert refusal(sender_email=OWN.upper()) is not None
    assert refusal(sender_email=None) is not None
    assert refusal(sender_email="noreen.reply@example.org") is None  # a person whose name looks like it


def test_the_acknowledgement_is_marked_automatic_and_threads() -> None:
    ack = build_acknowledgement(to="dana@example.org", subject="Re: Where is the plan?", token="TRG-7K2M9Q",
                                in_reply_to="abc@example.org", mail_from=OWN, reply_days=5)
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["Subject"] == "Re: Where is the plan? [TRG-7K2M9Q]"
    assert ack["In-Reply-To"] == "<abc@example.org>"
    assert "TRG-7K2M9Q" in ack.get_content() and "5 working days" in ack.get_content()
