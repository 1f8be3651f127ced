"""A CNN checkpoint: the weights as safetensors, with the network and its data in the metadata.

The generic part (pickles refused, header checked, size capped) is
``playground.train.weights``; this module adds what a builder network needs: the
network JSON, the dataset, its classes and normalization, and a check that the
weights fit the network in the builder.
"""

from __future__ import annotations

import json

from playground import __version__
from playground.cnn.model import build_model
from playground.cnn.spec import parse_spec
from playground.data.images import dataset_info
from playground.errors import UserError
from playground.train import weights
from playground.train.trained import TrainedModel
from playground.train.weights import read_metadata  # noqa: F401  (part of this module's interface)

CheckpointError = weights.WeightsError  # one error type for every weights file


def to_bytes(trained: TrainedModel) -> bytes:
    """The weights as a .safetensors file; metadata carries the network JSON and the data it was trained on."""
    return weights.to_bytes(trained.state_dict, {
        "playground_version": __version__,
        "network": json.dumps(trained.spec),
        "dataset": trained.dataset,
        "classes": json.dumps(trained.classes),
        "mean": json.dumps(trained.mean),
        "std": json.dumps(trained.std),
        "steps": str(trained.steps),
    })


def _other_network(meta: dict[str, str], spec: dict) -> bool:
    """Whether the file names a network other than ``spec`` (a hint for the misfit message)."""
    try:
        return "network" in meta and parse_spec(meta["network"]) != spec
    except Exception:  # a damaged network JSON in the metadata: no hint, the main message stands
        return False


def from_bytes(data: bytes, spec: dict) -> TrainedModel:
    """Read a checkpoint for the network ``spec``; raise CheckpointError with a plain message."""
    tensors, meta = weights.from_bytes(data)
    expected = build_model(spec).state_dict()
    problems = weights.fit_report(expected, tensors)
    if problems:
        hint = UserError("training.err_other_network") if _other_network(meta, spec) else ""
        raise CheckpointError("training.err_misfit", problems="; ".join(problems), hint=hint)
    dataset = meta.get("dataset", "mnist")
    try:
        info = dataset_info(dataset)
    except ValueError:
        raise CheckpointError("training.err_unknown_dataset", dataset=dataset) from None
    c = spec["input"][0]
    try:
        classes = json.loads(meta["classes"]) if "classes" in meta else list(info.classes)
        mean = json.loads(meta["mean"]) if "mean" in meta else [0.5] * c
        std = json.loads(meta["std"]) if "std" in meta else [0.5] * c
        steps = int(meta.get("steps", 0) or 0)
    except (json.JSONDecodeError, ValueError):
        raise CheckpointError("training.err_damaged") from None
    state = {k: tensors[k].to(expected[k].dtype) for k in expected}
    if not weights.all_finite(state):
        raise CheckpointError("training.err_non_finite")
    return TrainedModel(spec=spec, dataset=dataset, classes=classes, mean=mean, std=std, state_dict=state, steps=steps)
