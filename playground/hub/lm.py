"""Causal language models from the Hugging Face Hub (``hf:<repo id>``): the size from the config first, then the
tokenizer and weights, one copy per process shared read-only by every session, at most a few loaded at once.

Every failure a person can do something about becomes a ``UserError`` with a key of ``playground.i18n.hub``: a
repo that does not exist, one that is not a causal LM, a gated one, too big a one, and a Hub that cannot be
reached. transformers wraps the Hub's own exceptions in ``OSError``; :func:`_plain` walks the chain back to them.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, TypeVar

import torch

from playground.config import HubLimits
from playground.devices import pick_device
from playground.errors import UserError
from playground.hub import access, errors

# encoder-only families whose causal head works only as a decoder (is_decoder=True): a plain one is refused
ENCODERS = {"bert", "roberta", "xlm-roberta", "camembert", "electra", "ernie", "roformer", "data2vec-text",
            "xlm-roberta-xl", "bert-generation", "megatron-bert", "rembert"}
# what a causal LM's from_pretrained reads: configs, the tokenizer's files, the weights (safetensors where the repo
# has them, else PyTorch's .bin); never other frameworks' weights, ONNX exports or the repo's other folders
TOKENIZER_FILES = (".json", ".txt", ".model", ".tiktoken")

T = TypeVar("T")
is_hub, size_words = access.is_hub, access.size_words


@dataclass(frozen=True)
class HubLM:
    """A loaded Hub model and its tokenizer (shared: never train or mutate it)."""

    repo: str
    model: Any  # a transformers PreTrainedModel with a causal-LM head, in eval mode
    tokenizer: Any  # its PreTrainedTokenizer(Fast)
    params: int  # parameters, counted on the meta device
    device: torch.device


def repo_of(name: str) -> str:
    """``hf:org/name`` → ``org/name``; a malformed id is refused before the Hub is asked."""
    return access.repo_of(name, "hub.bad_repo")


def _plain(exc: Exception, repo: str) -> UserError | None:
    """The message for a failure on the way to the Hub (None: not one of those, a bug to log)."""
    from huggingface_hub.errors import (GatedRepoError, LocalEntryNotFoundError, OfflineModeIsEnabled,
                                        RepositoryNotFoundError, RevisionNotFoundError)

    chain = errors.chain(exc)
    if any(isinstance(e, GatedRepoError) for e in chain):
        return UserError("hub.gated", repo=repo)
    if any(isinstance(e, (RepositoryNotFoundError, RevisionNotFoundError)) for e in chain):
        return UserError("hub.missing", repo=repo)
    if any(isinstance(e, (OfflineModeIsEnabled, LocalEntryNotFoundError, ConnectionError, TimeoutError))
           or type(e).__module__.split(".")[0] in ("httpx", "httpcore", "requests", "urllib3") for e in chain):
        return UserError("hub.unreachable", repo=repo)
    text = " ".join(str(e) for e in chain)
    if "is not a local folder and is not a valid model identifier" in text:
        return UserError("hub.missing", repo=repo)
    if "couldn't connect" in text.lower() or "offline mode" in text.lower():
        return UserError("hub.unreachable", repo=repo)
    return None


def _asking(repo: str, call: Callable[[], T]) -> T:
    """``call()``, its Hub failures turned into plain messages."""
    return errors.asking(repo, call, _plain)


def _check_causal(config: Any, repo: str) -> None:
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

    causal = set(MODEL_FOR_CAUSAL_LM_MAPPING_NAMES.values())
    kind = getattr(config, "model_type", "") or "?"
    named = [a for a in (getattr(config, "architectures", None) or [])]
    if (kind not in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES or named and not causal & set(named)
            or kind in ENCODERS and not getattr(config, "is_decoder", False)):
        raise UserError("hub.not_causal", repo=repo, kind=", ".join(named) or kind)


def count_params(config: Any) -> int:
    """Parameters of the model ``config`` describes, built on the meta device (no memory, no weights)."""
    from transformers import AutoModelForCausalLM

    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config)
    return sum(p.numel() for p in model.parameters())  # tied weights are one parameter, counted once


def check(repo: str, max_params: int | None = None) -> tuple[Any, int]:
    """The repo's config and parameter count, refused with a plain message when it is not a causal LM or is over
    the cap. Only config.json is fetched."""
    from transformers import AutoConfig

    options = access.hub_options()
    config = _asking(repo, lambda: AutoConfig.from_pretrained(repo, **options))
    _check_causal(config, repo)
    params = count_params(config)
    cap = HubLimits().max_params if max_params is None else max_params
    if params > cap:
        raise UserError("hub.too_big", repo=repo, size=size_words(params), cap=size_words(cap))
    return config, params


def _load(repo: str, device: torch.device) -> HubLM:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    config, params = check(repo)
    access.fetch(repo, model_files, _asking)  # the weights, with their progress for the page
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    options = access.hub_options()  # what fetch left out, from_pretrained fetches (or finds cached)
    tokenizer = _asking(repo, lambda: AutoTokenizer.from_pretrained(repo, **options))
    model = _asking(repo, lambda: AutoModelForCausalLM.from_pretrained(repo, config=config, dtype=dtype, **options))
    model.to(device).eval().requires_grad_(False)
    return HubLM(repo=repo, model=model, tokenizer=tokenizer, params=params, device=device)


def model_files(files: list[str]) -> list[str]:
    """The files of a causal-LM repo that loading it reads (see TOKENIZER_FILES): top-level only."""
    top = [f for f in files if "/" not in f]
    weights = [f for f in top if f.endswith(".safetensors") or f == "model.safetensors.index.json"]
    if not weights:
        weights = [f for f in top if f.startswith("pytorch_model") and (f.endswith(".bin") or f.endswith(".json"))]
    return weights + [f for f in top if f.endswith(TOKENIZER_FILES)]


_shared: access.Shared[HubLM] = access.Shared(lambda: HubLimits().max_loaded)  # (repo, device) → model


def load(name: str, device: str | torch.device | None = None) -> HubLM:
    """The model ``hf:<repo>`` (or ``<repo>``), loaded once per process and device; the least recently used goes
    when more than ``HubLimits.max_loaded`` are held."""
    repo = repo_of(name)
    where = pick_device(str(device) if device is not None else HubLimits().device)
    return _shared.get((repo, str(where)), lambda: _load(repo, where))


def loaded() -> list[str]:
    """The repos held now, least recently used first."""
    return [repo for repo, _ in _shared.keys()]


def forget() -> None:
    """Drop every loaded model (tests)."""
    _shared.clear()


_eager_lock = threading.Lock()
_readers: dict[int, int] = {}  # id(model) → calls reading its attention now
_before: dict[int, str] = {}  # id(model) → the attention it computes with outside those calls


@contextmanager
def eager_attention(lm: HubLM) -> Iterator[None]:
    """Inside, the model computes attention in plain PyTorch, so its weights can be read (``output_attentions``);
    outside, with the library's default (PyTorch's fused SDPA where the model has it: faster, weights unseen).
    The model is shared: the first call in switches, the last one out switches back."""
    model, key = lm.model, id(lm.model)
    with _eager_lock:
        if not _readers.get(key) and model.config._attn_implementation != "eager":
            _before[key] = model.config._attn_implementation
            model.set_attn_implementation("eager")
        _readers[key] = _readers.get(key, 0) + 1
    try:
        yield
    finally:
        with _eager_lock:
            _readers[key] -= 1
            if not _readers[key]:
                del _readers[key]
                if key in _before:
                    model.set_attn_implementation(_before.pop(key))
