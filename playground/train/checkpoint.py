"""Checkpoints as safetensors: the weights, with the network and its data in the metadata.

Only safetensors is read: it holds tensors and a JSON header, nothing executable.
A pickled PyTorch file (what torch.save writes), a renamed file or one made for
another network is refused with a plain message before anything changes.
"""

from __future__ import annotations

import json

import torch
from safetensors.torch import load as load_bytes
from safetensors.torch import save as save_bytes

from playground import __version__
from playground.cnn.model import build_model
from playground.cnn.spec import parse_spec
from playground.data.images import dataset_info
from playground.train.classify import TrainedModel

MAX_BYTES = 512 * 1024 * 1024


class CheckpointError(ValueError):
    """A file that cannot be used as weights for this network; the message says why."""


def to_bytes(trained: TrainedModel) -> bytes:
    """The weights as a .safetensors file; metadata carries the network JSON and the data it was trained on."""
    metadata = {
        "format": "pt",
        "playground_version": __version__,
        "network": json.dumps(trained.spec),
        "dataset": trained.dataset,
        "classes": json.dumps(trained.classes),
        "mean": json.dumps(trained.mean),
        "std": json.dumps(trained.std),
        "steps": str(trained.steps),
    }
    return save_bytes({k: v.contiguous() for k, v in trained.state_dict.items()}, metadata=metadata)


def _header(data: bytes) -> dict:
    if len(data) < 8:
        raise CheckpointError("that file is too small to be a .safetensors checkpoint")
    if data[:4] == b"PK\x03\x04" or data[:1] == b"\x80":
        raise CheckpointError(
            "that is a pickled PyTorch file (torch.save): it is refused because loading pickles can run code. "
            "Save the weights with safetensors (safetensors.torch.save_file) and upload that"
        )
    size = int.from_bytes(data[:8], "little")
    if size <= 0 or size > len(data) - 8:
        raise CheckpointError("that file is not a .safetensors checkpoint (its header is missing or broken)")
    try:
        return json.loads(data[8 : 8 + size])
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CheckpointError("that file is not a .safetensors checkpoint (its header is not JSON)") from None


def read_metadata(data: bytes) -> dict[str, str]:
    """The metadata of a .safetensors file (network JSON, dataset, ...), without loading tensors."""
    return _header(data).get("__metadata__", {}) or {}


def from_bytes(data: bytes, spec: dict) -> TrainedModel:
    """Read a checkpoint for the network ``spec``; raise CheckpointError with a plain message."""
    if len(data) > MAX_BYTES:
        raise CheckpointError(f"that file is larger than {MAX_BYTES // 2**20} MB")
    meta = read_metadata(data)
    try:
        tensors = load_bytes(data)
    except Exception as exc:  # SafetensorError and whatever a malformed file raises
        raise CheckpointError(f"that file is not a readable .safetensors checkpoint ({exc})") from None

    expected = build_model(spec).state_dict()
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    wrong = [
        f"{k}: file {list(tensors[k].shape)}, network {list(expected[k].shape)}"
        for k in expected if k in tensors and tensors[k].shape != expected[k].shape
    ]
    if missing or unexpected or wrong:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing[:6])}{' …' if len(missing) > 6 else ''}")
        if unexpected:
            parts.append(f"not in this network: {', '.join(unexpected[:6])}{' …' if len(unexpected) > 6 else ''}")
        if wrong:
            parts.append("other shapes: " + "; ".join(wrong[:4]) + (" …" if len(wrong) > 4 else ""))
        hint = ""
        if "network" in meta:
            try:
                if parse_spec(meta["network"]) != spec:
                    hint = " The file was saved from a different network; its JSON is in the file's metadata."
            except Exception:
                pass
        raise CheckpointError("these weights do not fit the network in the CNN builder: " + "; ".join(parts) + "." + hint)

    dataset = meta.get("dataset", "mnist")
    try:
        info = dataset_info(dataset)
    except ValueError:
        raise CheckpointError(f"the checkpoint names an unknown dataset {dataset!r}") from None
    c = spec["input"][0]
    try:
        classes = json.loads(meta["classes"]) if "classes" in meta else list(info.classes)
        mean = json.loads(meta["mean"]) if "mean" in meta else [0.5] * c
        std = json.loads(meta["std"]) if "std" in meta else [0.5] * c
    except json.JSONDecodeError:
        raise CheckpointError("the checkpoint's metadata is damaged") from None
    state = {k: tensors[k].to(expected[k].dtype) for k in expected}
    if not all(torch.isfinite(v).all() for v in state.values() if v.is_floating_point()):
        raise CheckpointError("the checkpoint holds NaN or infinite weights")
    return TrainedModel(spec=spec, dataset=dataset, classes=classes, mean=mean, std=std, state_dict=state,
                        steps=int(meta.get("steps", 0) or 0))
