"""The layer catalogue: which PyTorch layers the builder offers and their arguments.

Each layer type is a PyTorch class name; its arguments are PyTorch's own keyword
names. Arguments that follow from the previous layer (``in_channels``,
``in_features``, ``num_features``) are never stored: they are inferred when the
module is built. This file only knows names, defaults and value rules; shapes,
parameter counts and costs come from running the real layers (see summary.py).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from torch import nn

from playground.errors import UserError

# What a layer accepts per sample: a C×H×W feature map, a vector, or either.
IMAGE, VECTOR, ANY = "image", "vector", "any"


@dataclass(frozen=True)
class Arg:
    """One keyword argument of a layer, with the rule its value must follow."""

    name: str  # PyTorch's keyword name
    kind: str  # int | size (int or [h, w]) | padding (size or "same"/"valid") | prob | float | bool | choice
    default: Any = None  # PyTorch's default; None with required=True means "must be given"
    required: bool = False  # must appear in the spec
    minimum: int = 0  # smallest allowed integer for int/size/padding kinds
    choices: tuple[str, ...] = ()  # allowed strings for the choice kind
    help: str = ""  # one line shown beside the field


@dataclass(frozen=True)
class LayerType:
    """A layer the builder offers."""

    name: str  # the torch.nn class name
    accepts: str  # IMAGE, VECTOR or ANY: what it needs per sample
    args: tuple[Arg, ...]  # editable arguments, in PyTorch's order
    template: dict[str, Any]  # the arguments a freshly added layer starts with
    prefix: str  # attribute-name prefix in exported code: conv -> conv1, conv2 ...
    summary: str  # one line for people new to it

    @property
    def module_class(self) -> type[nn.Module]:
        return getattr(nn, self.name)

    def arg(self, name: str) -> Arg | None:
        return next((a for a in self.args if a.name == name), None)


_KERNEL = Arg("kernel_size", "size", required=True, minimum=1, help="window height and width")
_STRIDE1 = Arg("stride", "size", 1, minimum=1, help="step between windows")
_PADDING = Arg("padding", "padding", 0, minimum=0, help='zeros added on each side; "same" keeps H×W')
_DILATION = Arg("dilation", "size", 1, minimum=1, help="spacing between kernel taps")
_POOL_STRIDE = Arg("stride", "size", None, minimum=1, help="step between windows (default: kernel_size)")
_POOL_PADDING = Arg("padding", "size", 0, minimum=0, help="implicit padding on each side (at most kernel_size // 2)")
_CEIL = Arg("ceil_mode", "bool", False, help="round the output size up instead of down")
_BIAS = Arg("bias", "bool", True, help="learn an additive bias")
_P = Arg("p", "prob", 0.5, help="probability of zeroing an element in training")

LAYER_TYPES: dict[str, LayerType] = {
    t.name: t
    for t in (
        LayerType(
            "Conv2d",
            IMAGE,
            (
                Arg("out_channels", "int", required=True, minimum=1, help="number of filters"),
                _KERNEL,
                _STRIDE1,
                _PADDING,
                _DILATION,
                _BIAS,
            ),
            {"out_channels": 32, "kernel_size": 3, "padding": 1},
            "conv",
            "Slides learned filters over the image; in_channels comes from the layer before.",
        ),
        LayerType(
            "MaxPool2d",
            IMAGE,
            (_KERNEL, _POOL_STRIDE, _POOL_PADDING, _DILATION, _CEIL),
            {"kernel_size": 2, "stride": 2},
            "pool",
            "Keeps the largest value in each window: shrinks H×W, no parameters.",
        ),
        LayerType(
            "AvgPool2d",
            IMAGE,
            (_KERNEL, _POOL_STRIDE, _POOL_PADDING, _CEIL),
            {"kernel_size": 2, "stride": 2},
            "avgpool",
            "Averages each window: shrinks H×W, no parameters.",
        ),
        LayerType(
            "AdaptiveAvgPool2d",
            IMAGE,
            (Arg("output_size", "size", required=True, minimum=1, help="H×W of the output, whatever the input"),),
            {"output_size": 1},
            "gap",
            "Averages down to a fixed H×W (1 = global average pooling).",
        ),
        LayerType(
            "BatchNorm2d",
            IMAGE,
            (
                Arg("eps", "float", 1e-5, help="added to the variance for stability"),
                Arg("momentum", "prob", 0.1, help="running-statistics update rate"),
                Arg("affine", "bool", True, help="learn a per-channel scale and shift"),
            ),
            {},
            "bn",
            "Normalizes each channel over the batch; keeps running mean/var buffers.",
        ),
        LayerType("Dropout", ANY, (_P,), {"p": 0.5}, "drop", "Zeroes random elements while training."),
        LayerType("Dropout2d", IMAGE, (_P,), {"p": 0.25}, "drop", "Zeroes whole random channels while training."),
        LayerType("ReLU", ANY, (), {}, "relu", "max(0, x)."),
        LayerType(
            "LeakyReLU",
            ANY,
            (Arg("negative_slope", "float", 0.01, help="slope for negative inputs"),),
            {},
            "lrelu",
            "x for x > 0, negative_slope·x otherwise.",
        ),
        LayerType("Sigmoid", ANY, (), {}, "sigmoid", "1 / (1 + e^-x): squashes to (0, 1)."),
        LayerType("Tanh", ANY, (), {}, "tanh", "Squashes to (-1, 1)."),
        LayerType(
            "GELU",
            ANY,
            (Arg("approximate", "choice", "none", choices=("none", "tanh"), help="exact or tanh approximation"),),
            {},
            "gelu",
            "x·Φ(x): a smooth ReLU used in transformers.",
        ),
        LayerType("Flatten", ANY, (), {}, "flatten", "Turns each C×H×W map into one vector of C·H·W values."),
        LayerType(
            "Linear",
            VECTOR,
            (Arg("out_features", "int", required=True, minimum=1, help="number of outputs"), _BIAS),
            {"out_features": 10},
            "fc",
            "Fully connected: every output sees every input; in_features comes from the layer before.",
        ),
        LayerType(
            "Softmax",
            ANY,
            (Arg("dim", "int", 1, minimum=-4, help="dimension that sums to 1"),),
            {"dim": 1},
            "softmax",
            "Turns scores into probabilities (leave it out for training with CrossEntropyLoss).",
        ),
        LayerType(
            "LogSoftmax",
            ANY,
            (Arg("dim", "int", 1, minimum=-4, help="dimension to normalize"),),
            {"dim": 1},
            "logsoftmax",
            "log(softmax(x)), paired with NLLLoss.",
        ),
    )
}


class SpecError(UserError, ValueError):
    """A network description that cannot be read at all (bad JSON, unknown layer or argument)."""


def new_layer(type_name: str) -> dict[str, Any]:
    """A fresh layer dict of the given type, with the catalogue's starting arguments."""
    layer_type = LAYER_TYPES.get(type_name)
    if layer_type is None:
        raise SpecError(f"unknown layer type {type_name!r}; choose one of: {', '.join(LAYER_TYPES)}")
    return {"type": type_name, **layer_type.template}


def _fmt(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def check_arg(arg: Arg, value: Any) -> tuple[Any, str | None]:
    """Check one argument value; return (value PyTorch gets, None) or (None, a plain message)."""

    def whole(v: Any) -> int | None:
        if isinstance(v, bool):
            return None
        if isinstance(v, int):
            return v
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return None

    if arg.kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, f"{arg.name} must be true or false, got {_fmt(value)}"
    if arg.kind == "choice":
        if value in arg.choices:
            return value, None
        return None, f"{arg.name} must be one of {', '.join(arg.choices)}, got {_fmt(value)}"
    if arg.kind in ("prob", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            return None, f"{arg.name} must be a number, got {_fmt(value)}"
        if arg.kind == "prob" and not 0 <= value <= 1:
            return None, f"{arg.name} must be between 0 and 1, got {_fmt(value)}"
        if arg.kind == "float" and arg.name == "eps" and value <= 0:
            return None, f"{arg.name} must be greater than 0, got {_fmt(value)}"
        return float(value), None
    if arg.kind == "padding" and value in ("same", "valid"):
        return value, None

    # int, size, padding: a whole number, or (for sizes) a pair of them
    if arg.kind == "int" or whole(value) is not None:
        items, pair = [value], False
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        items, pair = list(value), True
    else:
        extra = ' or "same"/"valid"' if arg.kind == "padding" else ""
        shape = "a whole number" if arg.kind == "int" else f"a whole number or a pair [h, w]{extra}"
        return None, f"{arg.name} must be {shape}, got {_fmt(value)}"
    ints = [whole(v) for v in items]
    for raw, v in zip(items, ints):
        if v is None:
            return None, f"{arg.name} must be a whole number, got {_fmt(raw)}"
        if v < arg.minimum:
            what = "positive" if arg.minimum == 1 else f"at least {arg.minimum}"
            return None, f"{arg.name} must be {what}, got {v}"
    return (tuple(ints) if pair else ints[0]), None


def layer_kwargs(layer: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The checked keyword arguments of one layer dict, and the messages for bad ones.

    Arguments the spec leaves out get PyTorch's defaults (by not being passed).
    """
    layer_type = LAYER_TYPES[layer["type"]]
    kwargs: dict[str, Any] = {}
    errors: list[str] = []
    for arg in layer_type.args:
        if arg.name not in layer or layer[arg.name] is None:
            if arg.required:
                errors.append(f"{arg.name} is required")
            continue
        value, err = check_arg(arg, layer[arg.name])
        if err:
            errors.append(err)
        else:
            kwargs[arg.name] = value
    return kwargs, errors


def parse_value(text: str) -> Any:
    """Turn what a person typed into a field into a JSON value: '3' -> 3, '3, 5' -> [3, 5].

    Anything unreadable is kept as the string itself, so the row shows a message
    about it and nothing typed is lost.
    """
    text = text.strip()
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return value
    return text
