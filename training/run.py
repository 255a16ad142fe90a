"""One command: prepare -> train -> evaluate -> package.

    python -m training.run                      # full run into triage/nlp/artefacts/current/
    python -m training.run --smoke --out DIR    # small, fast run (tests use it)
    python -m training.run --feedback corrections.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sentence_transformers
import skops.io
import torch
from safetensors.torch import save_file

from training import data, train
from training.encoder_finetune import FineTuneSettings, fine_tune
from training.evaluate import evaluate, markdown
from training.compose_samples import DEFAULT_SEED as COMPOSE_SEED
from training.compose_samples import compose
from training.generate_samples import DEFAULT_SEED, generate
from triage.nlp import encoder_adapter, scoring
from triage.nlp.labels import KINDS, TOPICS
from triage.nlp.loader import (
    CLASSIFIERS_FILE, ENCODER_NAME, META_FILE, SHIPPED_ARTEFACT, get_models, library_versions, load_encoder,
)
from triage.nlp.pipeline import analyse_many
from triage.nlp.text import classifier_text

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "training" / "reports"
VALIDATION_SHARE = 0.2
SMOKE_TRAIN, SMOKE_VALIDATION, SMOKE_TEST = 360, 120, 40
SMOKE_FINE_TUNE = FineTuneSettings(rank=4, max_steps=4, generated_rows=40)
VALIDATION_EVAL_ROWS = 400


Rows = list[dict[str, Any]]


def prepare(args: argparse.Namespace) -> tuple[Rows, Rows, Rows, Rows]:
    """Training, generated validation, hand-written validation and test rows.

    Hand-written training batches are trained on (weighted), except one row in five, held out by id
    to join the hand-written validation file for choosing thresholds; the hand-written validation
    file and the test split are never trained on."""
    rows = data.read_jsonl(args.generated) if args.generated.is_file() else generate(6000, DEFAULT_SEED)
    rows += data.read_jsonl(args.composed) if args.composed.is_file() else compose(5000, COMPOSE_SEED)
    random.Random(args.seed).shuffle(rows)
    cut = int(len(rows) * (1 - VALIDATION_SHARE))
    training_rows, validation = rows[:cut], rows[cut:]
    test = data.read_jsonl(args.test) if args.test.is_file() else []
    human = data.read_jsonl(args.validation) if args.validation.is_file() else []
    handwritten = [row for path in data.handwritten_training_files(args.handwritten) for row in data.read_jsonl(path)]
    handwritten_training, handwritten_held_out = data.split_handwritten(handwritten)
    if args.smoke:
        training_rows, validation, test = training_rows[:SMOKE_TRAIN], validation[:SMOKE_VALIDATION], test[:SMOKE_TEST]
        human = human[:SMOKE_TEST]
        handwritten_training, handwritten_held_out = handwritten_training[:SMOKE_TEST], handwritten_held_out[:SMOKE_TEST]
    training_rows = training_rows + handwritten_training
    random.Random(args.seed).shuffle(training_rows)
    human = human + handwritten_held_out
    if args.feedback:
        training_rows = training_rows + data.load_feedback(args.feedback)
    return training_rows, validation, human, test


def _git_revision() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def package(out: Path, classifiers: dict[str, Any], meta: dict[str, Any], adapter: dict[str, torch.Tensor] | None) -> None:
    """Write classifiers.skops, the encoder adapter and meta.json into out, replacing what was there."""
    staging = out.with_name(out.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if adapter is not None:
        save_file(adapter, str(staging / encoder_adapter.ADAPTER_FILE))
        meta["encoder_adapter"]["sha256"] = encoder_adapter.file_sha256(staging / encoder_adapter.ADAPTER_FILE)
    skops.io.dump(classifiers, staging / CLASSIFIERS_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    (staging / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)


def report_evaluation(args: argparse.Namespace, meta: dict[str, Any], validation: Rows, human: Rows, test: Rows) -> None:
    """Evaluate the packaged artefact through the serving pipeline; write meta.json's figures and the report."""
    models = get_models(args.out)
    # The whole pipeline is evaluated (rules, thresholds, abstain); a share of validation keeps the run short.
    splits = {"validation (generated)": validation[:VALIDATION_EVAL_ROWS]}
    if human:
        splits["validation (hand-written, thresholds chosen here)"] = human
    if test:
        splits["test (hand-written)"] = test
    report: dict[str, Any] = {"model_version": meta["version"], "created_at": meta["created_at"], "splits": {}}
    for name, rows in splits.items():
        analyses = analyse_many(models, [(r["subject"], r["body"]) for r in rows])
        report["splits"][name] = evaluate(rows, analyses)
    meta["evaluation"] = {
        name: {"core_macro_f1": fig["core_macro_f1"], "urgent_recall": fig["urgent"]["recall"],
               "kind_accuracy": fig["kind"]["accuracy"], "ece_topics": fig["calibration"]["ece_topics"], "n": fig["n"]}
        for name, fig in report["splits"].items()
    }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    reports_dir = args.out if args.smoke or args.out != SHIPPED_ARTEFACT else REPORTS
    reports_dir.mkdir(parents=True, exist_ok=True)
    (reports_dir / "evaluation.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (reports_dir / "evaluation.md").write_text(markdown(report), encoding="utf-8")
    print(json.dumps(meta["evaluation"], indent=2))
    print(f"evaluate: report in {reports_dir}")


def main(argv: list[str] | None = None) -> int:
    """Run the whole workflow; returns a process exit code."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="train on a small sample, fast")
    parser.add_argument("--out", type=Path, default=SHIPPED_ARTEFACT, help="artefact folder to write")
    parser.add_argument("--feedback", type=Path, help="JSONL of agent corrections to train on as well")
    parser.add_argument("--generated", type=Path, default=data.GENERATED)
    parser.add_argument("--composed", type=Path, default=data.COMPOSED)
    parser.add_argument("--validation", type=Path, default=data.HANDWRITTEN_VALIDATION)
    parser.add_argument("--test", type=Path, default=data.HANDWRITTEN_TEST)
    parser.add_argument("--handwritten", type=Path, default=data.SAMPLES_DIR,
                        help="folder of hand-written training batches (handwritten_*.jsonl)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--frozen-encoder", action="store_true",
                        help="skip fine-tuning the encoder (the published all-MiniLM-L6-v2 weights, as before)")
    parser.add_argument("--evaluate-only", action="store_true",
                        help="re-evaluate the artefact in --out (e.g. after changing the urgency rules) without training")
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    started = time.perf_counter()

    training_rows, validation, human, test = prepare(args)
    if args.evaluate_only:
        meta = json.loads((args.out / META_FILE).read_text(encoding="utf-8"))
        report_evaluation(args, meta, validation, human, test)
        return 0
    print(f"prepare: {len(training_rows)} training, {len(validation)} + {len(human)} validation, {len(test)} test rows")
    encoder = load_encoder()
    adapter, tuning = None, SMOKE_FINE_TUNE if args.smoke else FineTuneSettings()
    if not args.frozen_encoder:
        adapter = fine_tune(encoder, training_rows, tuning)
        print(f"fine-tune: encoder adapted in {time.perf_counter() - started:.0f}s")
    texts = [classifier_text(r["subject"], r["body"]) for r in training_rows]
    classifiers = train.fit(training_rows, scoring.encode(encoder, texts), cv=3)

    def score(rows: Rows) -> scoring.Scores:
        texts = [classifier_text(r["subject"], r["body"]) for r in rows]
        return scoring.predict(classifiers, scoring.features(classifiers, scoring.encode(encoder, texts), texts))

    # Topic thresholds are chosen on hand-written validation mail, which reads like real contact; the
    # urgency threshold must keep every urgent message of both validation sets.
    thresholds = train.choose_thresholds(validation, score(validation), human, score(human) if human else None)
    print(f"train: fitted in {time.perf_counter() - started:.0f}s; thresholds {thresholds}")

    data_sha = data.sha256_of_rows(training_rows)
    now = datetime.now(UTC)
    meta: dict[str, Any] = {
        "version": f"triage-clf-{now:%Y.%m.%d}-{data_sha[:7]}{'-smoke' if args.smoke else ''}",
        "created_at": now.isoformat(timespec="seconds"),
        "git_revision": _git_revision(),
        "training_data_sha256": data_sha,
        "training_rows": len(training_rows),
        "validation_rows": len(validation),
        "handwritten_validation_rows": len(human),
        "feedback_file": str(args.feedback) if args.feedback else None,
        "encoder": ENCODER_NAME,
        "encoder_adapter": None if adapter is None else {
            "file": encoder_adapter.ADAPTER_FILE, "method": "LoRA", "rank": tuning.rank,
            "target_modules": list(encoder_adapter.TARGET_MODULES), "epochs": tuning.epochs,
            "max_steps": tuning.max_steps, "generated_rows": tuning.generated_rows, "seed": tuning.seed,
        },
        "topics": list(TOPICS),
        "kinds": list(KINDS),
        "thresholds": thresholds,
        "library_versions": {**library_versions(), "sentence-transformers": sentence_transformers.__version__,
                              "torch": torch.__version__, "python": sys.version.split()[0]},
        "evaluation": {},
    }
    package(args.out, classifiers, meta, adapter)

    report_evaluation(args, meta, validation, human, test)
    print(f"package: {args.out} ({meta['version']}); {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
