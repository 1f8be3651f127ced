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
from playground.i18n import t

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
    help: str = ""  # the key (playground.i18n.builder) of the line shown beside the field


@dataclass(frozen=True)
class LayerType:
    """A layer the builder offers."""

    name: str  # the torch.nn class name
    accepts: str  # IMAGE, VECTOR or ANY: what it needs per sample
    args: tuple[Arg, ...]  # editable arguments, in PyTorch's order
    template: dict[str, Any]  # the arguments a freshly added layer starts with
    prefix: str  # attribute-name prefix in exported code: conv -> conv1, conv2 ...
    summary: str  # the key of one line for people new to it

    @property
    def module_class(self) -> type[nn.Module]:
        return getattr(nn, self.name)

    def arg(self, name: str) -> Arg | None:
        return next((a for a in self.args if a.name == name), None)


_KERNEL = Arg("kernel_size", "size", required=True, minimum=1, help="builder.arg.kernel_size")
_STRIDE1 = Arg("stride", "size", 1, minimum=1, help="builder.arg.stride")
_PADDING = Arg("padding", "padding", 0, minimum=0, help="builder.arg.padding")
_DILATION = Arg("dilation", "size", 1, minimum=1, help="builder.arg.dilation")
_POOL_STRIDE = Arg("stride", "size", None, minimum=1, help="builder.arg.pool_stride")
_POOL_PADDING = Arg("padding", "size", 0, minimum=0, help="builder.arg.pool_padding")
_CEIL = Arg("ceil_mode", "bool", False, help="builder.arg.ceil_mode")
_BIAS = Arg("bias", "bool", True, help="builder.arg.bias")
_P = Arg("p", "prob", 0.5, help="builder.arg.p")

LAYER_TYPES: dict[str, LayerType] = {
    t.name: t
    for t in (
        LayerType(
            "Conv2d",
            IMAGE,
            (
                Arg("out_channels", "int", required=True, minimum=1, help="builder.arg.out_channels"),
                _KERNEL,
                _STRIDE1,
                _PADDING,
                _DILATION,
                _BIAS,
            ),
            {"out_channels": 32, "kernel_size": 3, "padding": 1},
            "conv",
            "builder.layer.conv2d",
        ),
        LayerType(
            "MaxPool2d",
            IMAGE,
            (_KERNEL, _POOL_STRIDE, _POOL_PADDING, _DILATION, _CEIL),
            {"kernel_size": 2, "stride": 2},
            "pool",
            "builder.layer.maxpool2d",
        ),
        LayerType(
            "AvgPool2d",
            IMAGE,
            (_KERNEL, _POOL_STRIDE, _POOL_PADDING, _CEIL),
            {"kernel_size": 2, "stride": 2},
            "avgpool",
            "builder.layer.avgpool2d",
        ),
        LayerType(
            "AdaptiveAvgPool2d",
            IMAGE,
            (Arg("output_size", "size", required=True, minimum=1, help="builder.arg.output_size"),),
            {"output_size": 1},
            "gap",
            "builder.layer.adaptiveavgpool2d",
        ),
        LayerType(
            "BatchNorm2d",
            IMAGE,
            (
                Arg("eps", "float", 1e-5, help="builder.arg.eps"),
                Arg("momentum", "prob", 0.1, help="builder.arg.momentum"),
                Arg("affine", "bool", True, help="builder.arg.affine"),
            ),
            {},
            "bn",
            "builder.layer.batchnorm2d",
        ),
        LayerType("Dropout", ANY, (_P,), {"p": 0.5}, "drop", "builder.layer.dropout"),
        LayerType("Dropout2d", IMAGE, (_P,), {"p": 0.25}, "drop", "builder.layer.dropout2d"),
        LayerType("ReLU", ANY, (), {}, "relu", "builder.layer.relu"),
        LayerType(
            "LeakyReLU",
            ANY,
            (Arg("negative_slope", "float", 0.01, help="builder.arg.negative_slope"),),
            {},
            "lrelu",
            "builder.layer.leakyrelu",
        ),
        LayerType("Sigmoid", ANY, (), {}, "sigmoid", "builder.layer.sigmoid"),
        LayerType("Tanh", ANY, (), {}, "tanh", "builder.layer.tanh"),
        LayerType(
            "GELU",
            ANY,
            (Arg("approximate", "choice", "none", choices=("none", "tanh"), help="builder.arg.approximate"),),
            {},
            "gelu",
            "builder.layer.gelu",
        ),
        LayerType("Flatten", ANY, (), {}, "flatten", "builder.layer.flatten"),
        LayerType(
            "Linear",
            VECTOR,
            (Arg("out_features", "int", required=True, minimum=1, help="builder.arg.out_features"), _BIAS),
            {"out_features": 10},
            "fc",
            "builder.layer.linear",
        ),
        LayerType(
            "Softmax",
            ANY,
            (Arg("dim", "int", 1, minimum=-4, help="builder.arg.dim"),),
            {"dim": 1},
            "softmax",
            "builder.layer.softmax",
        ),
        LayerType(
            "LogSoftmax",
            ANY,
            (Arg("dim", "int", 1, minimum=-4, help="builder.arg.log_dim"),),
            {"dim": 1},
            "logsoftmax",
            "builder.layer.logsoftmax",
        ),
    )
}


class SpecError(UserError, ValueError):
    """A network description that cannot be read at all (bad JSON, unknown layer or argument)."""


def new_layer(type_name: str) -> dict[str, Any]:
    """A fresh layer dict of the given type, with the catalogue's starting arguments."""
    layer_type = LAYER_TYPES.get(type_name)
    if layer_type is None:
        raise SpecError("builder.unknown_type", name=repr(type_name), choices=", ".join(LAYER_TYPES))
    return {"type": type_name, **layer_type.template}


def _fmt(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def check_arg(arg: Arg, value: Any) -> tuple[Any, str | None]:
    """Check one argument value; return (value PyTorch gets, None) or (None, a plain message in the current
    language)."""

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
        return None, t("builder.bad_bool", name=arg.name, got=_fmt(value))
    if arg.kind == "choice":
        if value in arg.choices:
            return value, None
        return None, t("builder.bad_choice", name=arg.name, choices=", ".join(arg.choices), got=_fmt(value))
    if arg.kind in ("prob", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            return None, t("builder.bad_number", name=arg.name, got=_fmt(value))
        if arg.kind == "prob" and not 0 <= value <= 1:
            return None, t("builder.bad_prob", name=arg.name, got=_fmt(value))
        if arg.kind == "float" and arg.name == "eps" and value <= 0:
            return None, t("builder.bad_above_zero", name=arg.name, got=_fmt(value))
        return float(value), None
    if arg.kind == "padding" and value in ("same", "valid"):
        return value, None

    # int, size, padding: a whole number, or (for sizes) a pair of them
    if arg.kind == "int" or whole(value) is not None:
        items, pair = [value], False
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        items, pair = list(value), True
    else:
        key = {"int": "builder.bad_whole", "padding": "builder.bad_padding"}.get(arg.kind, "builder.bad_size")
        return None, t(key, name=arg.name, got=_fmt(value))
    ints = [whole(v) for v in items]
    for raw, v in zip(items, ints):
        if v is None:
            return None, t("builder.bad_whole", name=arg.name, got=_fmt(raw))
        if v < arg.minimum:
            if arg.minimum == 1:
                return None, t("builder.bad_positive", name=arg.name, got=v)
            return None, t("builder.bad_minimum", name=arg.name, minimum=arg.minimum, got=v)
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
                errors.append(t("builder.arg_required", name=arg.name))
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
