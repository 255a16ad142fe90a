"""The shipped artefact loads, classifies clear messages correctly and survives bad input; smoke training works."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from training import run
from triage.nlp.labels import KINDS, TOPICS
from triage.nlp.loader import SHIPPED_ARTEFACT, ArtefactError, Models, check_meta, get_models, load_encoder, read_meta
from triage.nlp.pipeline import Analysis, analyse, analyse_many

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def models() -> Models:
    return get_models()


def test_loader_caches_one_instance(models: Models) -> None:
    assert get_models() is models
    assert models.version.startswith("triage-clf-")
    assert set(models.thresholds) == set(TOPICS) | {"urgent"}


@pytest.mark.parametrize(
    "subject, body, topic, kind",
    [
        ("Still waiting", "We are at week 30 and still have no final EHC plan. This is unacceptable and I want to complain.",
         "timeliness", "complaint"),
        ("Secondary school", "Could you tell me which secondary school has been consulted for my son's place in September?",
         "school_place", "enquiry"),
        ("No reply", "I have emailed my case officer six times and nobody ever replies or returns my calls. Disgraceful.",
         "communication", "complaint"),
        ("EH860/24/00312", "SEND Tribunal. Notice of hearing. The appeal will be heard on 3 March. The local authority "
         "must send the working document 10 working days before the hearing.", "appeal", "tribunal"),
    ],
)
def test_clear_messages(models: Models, subject: str, body: str, topic: str, kind: str) -> None:
    result = analyse(models, subject, body)
    assert topic in result.topics
    assert result.kind == kind
    assert result.explanations[topic]
    assert 0.0 <= result.topic_scores[topic] <= 1.0


def test_urgent_message_has_reasons_and_entities(models: Models) -> None:
    result = analyse(
        models, "help", "My son Jack Ellis (SEN104217, born 12/03/2015) has not been in school since September "
        "and last night he said he wants to kill himself. Call me on 07700 900123.", schools=["Oakfield Primary"],
    )
    assert result.urgent
    assert any(r.startswith("suicidal thoughts") for r in result.urgent_reasons)
    assert any(r.startswith("out of school now") for r in result.urgent_reasons)
    assert {"CASE_REF", "DATE", "PHONE"} <= {e["label"] for e in result.entities}
    assert result.explanations["urgent"]


def test_thanks_is_other_and_polish_is_flagged(models: Models) -> None:
    thanks, polish = analyse_many(
        models,
        [("Thank you", "Thank you so much for all your help, have a lovely weekend."),
         ("Syn", "Mój syn nie chodzi do szkoły od września i nikt nie odpowiada na moje wiadomości.")],
    )
    assert thanks.kind == "other" and not thanks.urgent
    assert polish.language == "pl" and polish.needs_review and "language" in polish.explanations
    assert polish.urgent


@pytest.mark.parametrize(
    "subject, body",
    [
        ("", ""),
        (None, None),
        ("", "Kind regards\nSarah\nSent from my iPhone"),
        ("big", "word " * 25_000),
        ("🙂", "🙂🙂🙂 👍"),
        ("mixed", "Hello, I need help. Mój syn nie chodzi do szkoły. میرا بیٹا اسکول نہیں گیا"),
        ("ctrl", "\x00\x01\ufeff text \u200b"),
    ],
)
def test_bad_input_never_raises(models: Models, subject: str, body: str) -> None:
    result = analyse(models, subject, body)  # type: ignore[arg-type]
    assert isinstance(result, Analysis)
    assert result.kind in KINDS
    assert result.model_version == models.version


def test_empty_input_needs_review(models: Models) -> None:
    assert analyse(models, "", "").needs_review


def test_loader_refuses_mismatched_meta(tmp_path: Path) -> None:
    meta = read_meta(Path(__file__).resolve().parents[3] / "triage" / "nlp" / "artefacts" / "current")
    with pytest.raises(ArtefactError, match="labels"):
        check_meta({**meta, "topics": ["timeliness"]})
    with pytest.raises(ArtefactError, match="scikit-learn"):
        check_meta({**meta, "library_versions": {**meta["library_versions"], "scikit-learn": "0.1"}})
    with pytest.raises(ArtefactError, match="meta.json"):
        get_models(tmp_path)


def test_smoke_training_builds_a_loadable_artefact(tmp_path: Path) -> None:
    feedback = tmp_path / "corrections.jsonl"
    feedback.write_text(json.dumps({"subject": "taxi", "body": "The taxi never came again today.",
                                    "topics": ["transport"], "kind": "complaint", "urgent": False}) + "\n")
    out = tmp_path / "artefact"
    assert run.main(["--smoke", "--out", str(out), "--feedback", str(feedback)]) == 0
    meta = json.loads((out / "meta.json").read_text())
    assert meta["topics"] == list(TOPICS) and meta["feedback_file"] == str(feedback)
    assert (out / "evaluation.md").is_file()
    models = get_models(out)
    result = analyse(models, "Week 40", "We are at week 40 and still no final plan, it is very late.")
    assert result.model_version.endswith("-smoke")
    assert result.kind in KINDS and set(result.topic_scores) == set(TOPICS)
    # The encoder was fine-tuned: its LoRA update is packaged beside the classifiers and merged at load,
    # so the served encoder's embeddings differ from the published weights'.
    adapter = meta["encoder_adapter"]
    assert (out / adapter["file"]).is_file() and adapter["rank"] == run.SMOKE_FINE_TUNE.rank
    base = load_encoder().encode(["still no final plan"], normalize_embeddings=True)
    tuned = models.encoder.encode(["still no final plan"], normalize_embeddings=True)
    assert float(np.abs(base - tuned).max()) > 1e-4


def test_loader_refuses_an_altered_encoder_adapter(tmp_path: Path) -> None:
    out = tmp_path / "artefact"
    shutil.copytree(SHIPPED_ARTEFACT, out)
    meta = json.loads((out / "meta.json").read_text())
    adapter_file = out / meta["encoder_adapter"]["file"]
    data = bytearray(adapter_file.read_bytes())
    data[-1] ^= 0x01
    adapter_file.write_bytes(bytes(data))
    with pytest.raises(ArtefactError, match="sha256"):
        get_models(out)
    adapter_file.unlink()
    with pytest.raises(ArtefactError, match="missing"):
        get_models(tmp_path / "artefact")
