"""Language models as safetensors files: weights (fp16 on disk), config and tokenizer in the metadata.

The generic checks (pickles refused, header and size checked) are
``playground.train.weights``; this adds what a language model needs to be used
again: its ``LMConfig`` and its tokenizer, both as JSON in the metadata. The shipped
models in ``assets/text/`` are read once (lazily) and shared read-only.
"""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import torch

from playground import __version__
from playground.text.models import LMConfig, ModelConfigError, build_lm
from playground.text.tokenize import Tokenizer
from playground.train import weights

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "text"
SHIPPED = ("en-lstm", "en-transformer", "es-lstm", "es-transformer")  # the public API's model names


@dataclass
class LanguageModel:
    """A model with the tokenizer it reads; what the tab keeps and what a file holds."""

    model: torch.nn.Module  # eval mode, CPU
    tokenizer: Tokenizer
    config: LMConfig
    info: dict  # corpus, figures measured when it was made


def to_bytes(model: torch.nn.Module, tokenizer: Tokenizer, info: dict | None = None) -> bytes:
    """fp16 weights; a tied output layer is stored once (it is the embedding) and re-tied on load."""
    state, tied, seen = {}, {}, {}
    for k, v in model.state_dict().items():
        if v.data_ptr() in seen and v.shape == state[seen[v.data_ptr()]].shape:
            tied[k] = seen[v.data_ptr()]
            continue
        seen[v.data_ptr()] = k
        state[k] = v.half() if v.is_floating_point() else v
    return weights.to_bytes(state, {
        "playground_version": __version__, "kind": "language-model", "tied": json.dumps(tied),
        "config": json.dumps(asdict(model.cfg)), "tokenizer": tokenizer.to_json(), "info": json.dumps(info or {}),
    })


def save_lm(path: Path, model: torch.nn.Module, tokenizer: Tokenizer, info: dict | None = None) -> None:
    tmp = Path(path).with_suffix(".tmp")
    tmp.write_bytes(to_bytes(model, tokenizer, info))
    tmp.replace(path)


def from_bytes(data: bytes) -> LanguageModel:
    """A language model from a .safetensors file; WeightsError with a plain message for anything else."""
    tensors, meta = weights.from_bytes(data)
    if meta.get("kind") != "language-model" or "config" not in meta or "tokenizer" not in meta:
        raise weights.WeightsError("lm.not_lm_file")
    try:
        cfg = LMConfig(**json.loads(meta["config"]))
        cfg.check()
        tokenizer = Tokenizer.from_json(meta["tokenizer"])
        info = json.loads(meta.get("info", "{}"))
        for key, source in json.loads(meta.get("tied", "{}")).items():
            if source in tensors:
                tensors[key] = tensors[source]
    except (json.JSONDecodeError, TypeError, ModelConfigError, ValueError) as exc:
        raise weights.WeightsError("lm.bad_metadata", detail=exc) from None
    model = build_lm(cfg)
    expected = model.state_dict()
    problems = weights.fit_report(expected, tensors)
    if problems:
        raise weights.WeightsError("lm.weights_misfit", problems="; ".join(problems))
    state = {k: tensors[k].to(expected[k].dtype) for k in expected}
    if not weights.all_finite(state):
        raise weights.WeightsError("lm.weights_not_finite")
    model.load_state_dict(state)
    return LanguageModel(model.eval(), tokenizer, cfg, info)


def language(name: str) -> str | None:
    """The language a shipped model speaks, from its name ("es-lstm" → "es"); None for any other model."""
    return name.split("-", 1)[0] if name in SHIPPED else None


@functools.lru_cache(maxsize=len(SHIPPED))
def shipped(name: str) -> LanguageModel:
    """A shipped model by name (read once; share it read-only)."""
    if name not in SHIPPED:
        raise weights.WeightsError("lm.unknown_model", name=name, choices=", ".join(SHIPPED))
    path = ASSETS / f"{name}.safetensors"
    if not path.exists():
        raise weights.WeightsError("lm.model_missing", name=name, path=path)
    return from_bytes(path.read_bytes())
