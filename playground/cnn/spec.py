"""Network specs: the JSON a person saves and loads, the presets, and the edits.

A spec is a plain dict, the same shape as its JSON:

    {"input": [C, H, W],
     "layers": [{"type": "Conv2d", "out_channels": 32, "kernel_size": 3, "padding": 1}, ...]}

Types are torch.nn class names and arguments PyTorch's keyword names; inferred
arguments (in_channels, in_features, num_features) are left out. A spec may hold
values that are not valid yet (a person is typing): reading it only rejects what
cannot be shown at all; the summary marks bad values on their rows.

Every edit returns a new dict and leaves its input untouched, so per-session
state and undo history can keep references safely.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from playground.config import BuilderLimits
from playground.cnn.layers import LAYER_TYPES, SpecError, new_layer

Spec = dict[str, Any]

INPUT_PRESETS: dict[str, tuple[int, int, int]] = {
    "1×28×28 (MNIST)": (1, 28, 28),
    "3×48×48 (RGB 48×48)": (3, 48, 48),
    "3×32×32 (CIFAR-10)": (3, 32, 32),
}


def _layers(*items: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"type": t, **kw} for t, kw in items]


PRESETS: dict[str, Spec] = {
    # The network of a widely shared 48×48 RGB image classifier write-up.
    "Classic CNN (48×48 RGB)": {
        "input": [3, 48, 48],
        "layers": _layers(
            ("Conv2d", {"out_channels": 32, "kernel_size": 3, "padding": 1}),
            ("ReLU", {}),
            ("Conv2d", {"out_channels": 64, "kernel_size": 3, "padding": 1}),
            ("ReLU", {}),
            ("MaxPool2d", {"kernel_size": 2, "stride": 2}),
            ("Conv2d", {"out_channels": 128, "kernel_size": 3, "padding": 1}),
            ("ReLU", {}),
            ("MaxPool2d", {"kernel_size": 2, "stride": 2}),
            ("Flatten", {}),
            ("Dropout", {"p": 0.5}),
            ("Linear", {"out_features": 512}),
            ("ReLU", {}),
            ("Dropout", {"p": 0.5}),
            ("Linear", {"out_features": 10}),
        ),
    },
    # LeCun et al. 1998, on 28×28 digits (conv1 padded by 2 to see a 32×32 field).
    "LeNet-5": {
        "input": [1, 28, 28],
        "layers": _layers(
            ("Conv2d", {"out_channels": 6, "kernel_size": 5, "padding": 2}),
            ("Tanh", {}),
            ("AvgPool2d", {"kernel_size": 2, "stride": 2}),
            ("Conv2d", {"out_channels": 16, "kernel_size": 5}),
            ("Tanh", {}),
            ("AvgPool2d", {"kernel_size": 2, "stride": 2}),
            ("Flatten", {}),
            ("Linear", {"out_features": 120}),
            ("Tanh", {}),
            ("Linear", {"out_features": 84}),
            ("Tanh", {}),
            ("Linear", {"out_features": 10}),
        ),
    },
    # pytorch/examples mnist/main.py (its final log_softmax is left to CrossEntropyLoss).
    "pytorch/examples MNIST": {
        "input": [1, 28, 28],
        "layers": _layers(
            ("Conv2d", {"out_channels": 32, "kernel_size": 3, "stride": 1}),
            ("ReLU", {}),
            ("Conv2d", {"out_channels": 64, "kernel_size": 3, "stride": 1}),
            ("ReLU", {}),
            ("MaxPool2d", {"kernel_size": 2}),
            ("Dropout", {"p": 0.25}),
            ("Flatten", {}),
            ("Linear", {"out_features": 128}),
            ("ReLU", {}),
            ("Dropout", {"p": 0.5}),
            ("Linear", {"out_features": 10}),
        ),
    },
    # Small and quick: the Training tab's default.
    "Fast MNIST (Training default)": {
        "input": [1, 28, 28],
        "layers": _layers(
            ("Conv2d", {"out_channels": 32, "kernel_size": 3, "padding": 1, "bias": False}),
            ("BatchNorm2d", {}),
            ("ReLU", {}),
            ("MaxPool2d", {"kernel_size": 2, "stride": 2}),
            ("Conv2d", {"out_channels": 64, "kernel_size": 3, "padding": 1, "bias": False}),
            ("BatchNorm2d", {}),
            ("ReLU", {}),
            ("MaxPool2d", {"kernel_size": 2, "stride": 2}),
            ("Flatten", {}),
            ("Dropout", {"p": 0.1}),
            ("Linear", {"out_features": 10}),
        ),
    },
    "Empty": {"input": [1, 28, 28], "layers": []},
}

DEFAULT_PRESET = "Fast MNIST (Training default)"  # what a new session starts with


def preset(name: str) -> Spec:
    """A fresh copy of a preset spec."""
    if name not in PRESETS:
        raise SpecError("builder.unknown_preset", name=repr(name), choices=", ".join(PRESETS))
    return copy.deepcopy(PRESETS[name])


def input_caps(limits: BuilderLimits | None = None) -> tuple[int, int, int]:
    """The largest C, H and W an input may have."""
    limits = limits or BuilderLimits()
    return limits.max_input_channels, limits.max_input_side, limits.max_input_side


def check_input(value: Any, limits: BuilderLimits | None = None) -> list[int]:
    """Validate an input shape [C, H, W]; raise SpecError with a plain message."""
    limits = limits or BuilderLimits()
    if not isinstance(value, (list, tuple)) or len(value) != 3:
        raise SpecError("builder.input_not_chw", got=json.dumps(value))
    dims = []
    for name, v, cap in zip("CHW", value, input_caps(limits)):
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, bool) or not isinstance(v, int):
            raise SpecError("builder.input_not_whole", dim=name, got=json.dumps(v))
        if not 1 <= v <= cap:
            raise SpecError("builder.input_range", dim=name, cap=cap, got=v)
        dims.append(v)
    return dims


def parse_spec(source: str | dict[str, Any], limits: BuilderLimits | None = None) -> Spec:
    """Read a spec from JSON text (or an already-parsed dict) and normalize it.

    Raises SpecError for what cannot be shown at all: invalid JSON, a missing or bad
    "input", an unknown layer type or argument, too many layers. Bad argument
    values are kept; the summary reports them on their rows.
    """
    limits = limits or BuilderLimits()
    if isinstance(source, (str, bytes)):
        try:
            data = json.loads(source)
        except json.JSONDecodeError as exc:
            raise SpecError("builder.not_json", why=exc.msg, line=exc.lineno, column=exc.colno) from None
        except RecursionError:  # thousands of nested brackets: Python's parser gives up
            raise SpecError("builder.too_deep") from None
    else:
        data = copy.deepcopy(source)
    if not isinstance(data, dict):
        raise SpecError("builder.not_object")
    unknown_keys = set(data) - {"input", "layers"}
    if unknown_keys:
        raise SpecError("builder.unknown_keys", keys=", ".join(sorted(map(repr, unknown_keys))))
    if "input" not in data:
        raise SpecError("builder.no_input")
    dims = check_input(data["input"], limits)
    layers = data.get("layers", [])
    if not isinstance(layers, list):
        raise SpecError("builder.layers_not_list")
    if len(layers) > limits.max_layers:
        raise SpecError("builder.too_many_layers", most=limits.max_layers, got=len(layers))
    out_layers = []
    for i, layer in enumerate(layers, start=1):
        if not isinstance(layer, dict) or "type" not in layer:
            raise SpecError("builder.layer_not_object", i=i)
        type_name = layer["type"]
        layer_type = LAYER_TYPES.get(type_name) if isinstance(type_name, str) else None
        if layer_type is None:
            raise SpecError("builder.layer_unknown_type", i=i, name=json.dumps(type_name),
                            choices=", ".join(LAYER_TYPES))
        known = {a.name for a in layer_type.args}
        for key in layer:
            if key == "type" or key in known:
                continue
            inferred = {"in_channels", "in_features", "num_features"}
            if key in inferred:
                raise SpecError("builder.leave_out_inferred", i=i, type=type_name, key=key)
            if not known:
                raise SpecError("builder.unknown_arg_none", i=i, type=type_name, key=repr(key))
            raise SpecError("builder.unknown_arg", i=i, type=type_name, key=repr(key), known=", ".join(sorted(known)))
        out_layers.append({"type": type_name, **{k: v for k, v in layer.items() if k != "type"}})
    return {"input": dims, "layers": out_layers}


def spec_to_json(spec: Spec) -> str:
    """Readable JSON: one line per layer, so diffs and hand edits stay easy."""
    lines = [f'  "input": {json.dumps(list(spec["input"]))},']
    if not spec["layers"]:
        lines.append('  "layers": []')
    else:
        lines.append('  "layers": [')
        rows = [f"    {json.dumps(layer)}" for layer in spec["layers"]]
        lines.append(",\n".join(rows))
        lines.append("  ]")
    return "{\n" + "\n".join(lines) + "\n}\n"


# ---- edits: each returns a new spec -------------------------------------------------


def _copy(spec: Spec) -> Spec:
    return copy.deepcopy(spec)


def _check_index(spec: Spec, index: int) -> None:
    if not 0 <= index < len(spec["layers"]):
        raise SpecError("builder.no_such_layer", number=index + 1, count=len(spec["layers"]))


def insert_layer(spec: Spec, index: int, type_name: str, limits: BuilderLimits | None = None) -> Spec:
    """Insert a new layer so that it becomes layer ``index`` (0-based); len(layers) appends."""
    limits = limits or BuilderLimits()
    if len(spec["layers"]) >= limits.max_layers:
        raise SpecError("builder.max_layers", most=limits.max_layers)
    if not 0 <= index <= len(spec["layers"]):
        raise SpecError("builder.bad_position", position=index + 1)
    out = _copy(spec)
    out["layers"].insert(index, new_layer(type_name))
    return out


def delete_layer(spec: Spec, index: int) -> Spec:
    _check_index(spec, index)
    out = _copy(spec)
    del out["layers"][index]
    return out


def move_layer(spec: Spec, index: int, delta: int) -> Spec:
    """Move a layer up (delta=-1) or down (+1); at either end nothing changes."""
    _check_index(spec, index)
    target = index + delta
    out = _copy(spec)
    if 0 <= target < len(out["layers"]):
        layers = out["layers"]
        layers[index], layers[target] = layers[target], layers[index]
    return out


def set_arg(spec: Spec, index: int, name: str, value: Any) -> Spec:
    """Set (or, with value None, remove to get PyTorch's default) one argument."""
    _check_index(spec, index)
    layer_type = LAYER_TYPES[spec["layers"][index]["type"]]
    if layer_type.arg(name) is None:
        raise SpecError("builder.no_such_arg", type=layer_type.name, name=repr(name))
    out = _copy(spec)
    if value is None:
        out["layers"][index].pop(name, None)
    else:
        out["layers"][index][name] = value
    return out


def set_type(spec: Spec, index: int, type_name: str) -> Spec:
    """Change a layer's type, keeping the arguments both types share (kernel_size, p, ...)."""
    _check_index(spec, index)
    fresh = new_layer(type_name)
    old = spec["layers"][index]
    if old["type"] == type_name:
        return _copy(spec)
    known = {a.name for a in LAYER_TYPES[type_name].args}
    kept = {k: v for k, v in old.items() if k != "type" and k in known}
    out = _copy(spec)
    out["layers"][index] = {**fresh, **kept}
    return out


def set_input(spec: Spec, dims: Any, limits: BuilderLimits | None = None) -> Spec:
    out = _copy(spec)
    out["input"] = check_input(dims, limits)
    return out
