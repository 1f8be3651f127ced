"""Causal language models from the Hugging Face Hub (``hf:<repo id>``): the size from the config first, then the
tokenizer and weights, one copy per process shared read-only by every session, at most a few loaded at once.

Every failure a person can do something about becomes a ``UserError`` with a key of ``playground.i18n.hub``: a
repo that does not exist, one that is not a causal LM, a gated one, too big a one, and a Hub that cannot be
reached. transformers wraps the Hub's own exceptions in ``OSError``; :func:`_plain` walks the chain back to them.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from urllib.parse import urlparse
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

import torch

from playground.config import HubLimits
from playground.devices import pick_device
from playground.errors import UserError
from playground.hub import errors

PREFIX = "hf:"
REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}(/[A-Za-z0-9][\w.-]{0,95})?$")  # the Hub's own rule, roughly
# encoder-only families whose causal head works only as a decoder (is_decoder=True): a plain one is refused
ENCODERS = {"bert", "roberta", "xlm-roberta", "camembert", "electra", "ernie", "roformer", "data2vec-text",
            "xlm-roberta-xl", "bert-generation", "megatron-bert", "rembert"}

T = TypeVar("T")


@dataclass(frozen=True)
class HubLM:
    """A loaded Hub model and its tokenizer (shared: never train or mutate it)."""

    repo: str
    model: Any  # a transformers PreTrainedModel with a causal-LM head, in eval mode
    tokenizer: Any  # its PreTrainedTokenizer(Fast)
    params: int  # parameters, counted on the meta device
    device: torch.device


def is_hub(name: Any) -> bool:
    return isinstance(name, str) and name.startswith(PREFIX)


def repo_of(name: str) -> str:
    """``hf:org/name`` → ``org/name``; a malformed id is refused before the Hub is asked."""
    repo = name[len(PREFIX):].strip() if is_hub(name) else str(name).strip()
    if not REPO_ID.match(repo) or ".." in repo:
        raise UserError("hub.bad_repo", repo=repo)
    return repo


def size_words(params: int) -> str:
    """A parameter count as a person says it: 124 M, 6.7 B (a tiny one in full: 35,744)."""
    if params >= 1e9:
        return f"{params / 1e9:.1f} B"
    return f"{params / 1e6:.0f} M" if params >= 1e7 else f"{params / 1e6:.1f} M" if params >= 1e6 else f"{params:,}"


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


PROBE_SECONDS = 3.0  # how long the Hub gets to accept a connection before it counts as unreachable
PROBE_KEEP = 30.0  # seconds an answer of the probe is trusted (a page asks often; the network rarely changes)
_probe: dict[str, tuple[float, bool]] = {}  # endpoint → (when probed, reachable)


def hub_reachable() -> bool:
    """Whether the Hub's endpoint accepts a connection within PROBE_SECONDS (False in offline mode). Asked before
    any download: huggingface_hub retries a refused connection with back-off for tens of seconds."""
    from huggingface_hub import constants

    if constants.is_offline_mode():
        return False
    endpoint = constants.ENDPOINT
    when, ok = _probe.get(endpoint, (0.0, False))
    if time.monotonic() - when < PROBE_KEEP:
        return ok
    url = urlparse(endpoint)
    try:
        with socket.create_connection((url.hostname, url.port or (443 if url.scheme == "https" else 80)),
                                      timeout=PROBE_SECONDS):
            ok = True
    except OSError:
        ok = False
    _probe[endpoint] = (time.monotonic(), ok)
    return ok


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

    config = _asking(repo, lambda: AutoConfig.from_pretrained(repo, local_files_only=not hub_reachable()))
    _check_causal(config, repo)
    params = count_params(config)
    cap = HubLimits().max_params if max_params is None else max_params
    if params > cap:
        raise UserError("hub.too_big", repo=repo, size=size_words(params), cap=size_words(cap))
    return config, params


def _load(repo: str, device: torch.device) -> HubLM:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    config, params = check(repo)
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    local = not hub_reachable()  # then only what is on this machine already, at once
    tokenizer = _asking(repo, lambda: AutoTokenizer.from_pretrained(repo, local_files_only=local))
    model = _asking(repo, lambda: AutoModelForCausalLM.from_pretrained(
        repo, config=config, dtype=dtype, attn_implementation="eager", local_files_only=local))
    model.to(device).eval().requires_grad_(False)
    return HubLM(repo=repo, model=model, tokenizer=tokenizer, params=params, device=device)


_loaded: OrderedDict[tuple[str, str], HubLM] = OrderedDict()  # (repo, device) → model, least recently used first
_lock = threading.Lock()  # guards _loaded and _loading
_loading: dict[tuple[str, str], threading.Lock] = {}  # one lock per model being loaded: one download, not one a session


def load(name: str, device: str | torch.device | None = None) -> HubLM:
    """The model ``hf:<repo>`` (or ``<repo>``), loaded once per process and device; the least recently used goes
    when more than ``HubLimits.max_loaded`` are held."""
    repo = repo_of(name)
    limits = HubLimits()
    where = pick_device(str(device) if device is not None else limits.device)
    key = (repo, str(where))
    with _lock:
        if key in _loaded:
            _loaded.move_to_end(key)
            return _loaded[key]
        gate = _loading.setdefault(key, threading.Lock())
    with gate:
        with _lock:
            if key in _loaded:
                return _loaded[key]
        lm = _load(repo, where)
        with _lock:
            _loaded[key] = lm
            while len(_loaded) > max(limits.max_loaded, 1):
                _loaded.popitem(last=False)
            _loading.pop(key, None)
    return lm


def loaded() -> list[str]:
    """The repos held now, least recently used first."""
    with _lock:
        return [repo for repo, _ in _loaded]


def forget() -> None:
    """Drop every loaded model (tests)."""
    with _lock:
        _loaded.clear()
