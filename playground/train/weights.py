"""Safetensors I/O for every model in the app: bytes in and out, pickles refused.

Only safetensors is read: it holds tensors and a JSON header, nothing executable.
A pickled PyTorch file (what torch.save writes), a renamed file, a broken header
or a file over the size cap is refused with a plain message before anything is
loaded. What a particular model adds to the metadata (a CNN's network JSON, a
language model's tokenizer) lives with that model.
"""

from __future__ import annotations

import json

import torch
from safetensors.torch import load as load_bytes
from safetensors.torch import save as save_bytes

from playground.errors import UserError

MAX_BYTES = 512 * 1024 * 1024  # largest weights file accepted


class WeightsError(UserError, ValueError):
    """A file that cannot be used as weights; the message says why."""


def to_bytes(tensors: dict[str, torch.Tensor], metadata: dict[str, str]) -> bytes:
    """A .safetensors file; metadata values must be strings (JSON-encode anything else)."""
    return save_bytes({k: v.detach().to("cpu").contiguous() for k, v in tensors.items()},
                      metadata={"format": "pt", **metadata})


def header(data: bytes) -> dict:
    """The parsed JSON header of a .safetensors file, checked before any tensor is read."""
    if len(data) > MAX_BYTES:
        raise WeightsError("training.err_too_large", mb=MAX_BYTES // 2**20)
    if len(data) < 8:
        raise WeightsError("training.err_too_small")
    if data[:4] == b"PK\x03\x04" or data[:1] == b"\x80":
        raise WeightsError("training.err_pickle")
    size = int.from_bytes(data[:8], "little")
    if size <= 0 or size > len(data) - 8:
        raise WeightsError("training.err_no_header")
    try:
        parsed = json.loads(data[8 : 8 + size])
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise WeightsError("training.err_header_json") from None
    if not isinstance(parsed, dict):
        raise WeightsError("training.err_header_object")
    return parsed


def read_metadata(data: bytes) -> dict[str, str]:
    """The metadata of a .safetensors file, without loading tensors."""
    meta = header(data).get("__metadata__") or {}
    return meta if isinstance(meta, dict) else {}


def from_bytes(data: bytes) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """(tensors, metadata) of a .safetensors file; WeightsError with a plain message otherwise."""
    meta = read_metadata(data)
    try:
        tensors = load_bytes(data)
    except Exception as exc:  # SafetensorError and whatever a malformed file raises
        raise WeightsError("training.err_unreadable", detail=str(exc)) from None
    return tensors, meta


def all_finite(state: dict[str, torch.Tensor]) -> bool:
    return all(bool(torch.isfinite(v).all()) for v in state.values() if v.is_floating_point())


def fit_report(expected: dict[str, torch.Tensor], tensors: dict[str, torch.Tensor]) -> list[str]:
    """What keeps ``tensors`` from loading into a model whose state_dict is ``expected`` (empty: they fit)."""
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    wrong = [
        f"{k}: file {list(tensors[k].shape)}, network {list(expected[k].shape)}"
        for k in expected if k in tensors and tensors[k].shape != expected[k].shape
    ]
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing[:6])}{' …' if len(missing) > 6 else ''}")
    if unexpected:
        parts.append(f"not in this network: {', '.join(unexpected[:6])}{' …' if len(unexpected) > 6 else ''}")
    if wrong:
        parts.append("other shapes: " + "; ".join(wrong[:4]) + (" …" if len(wrong) > 4 else ""))
    return parts
