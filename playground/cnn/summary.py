"""Per-layer summary of a spec: output shapes, parameters, MACs, errors.

PyTorch is the source of truth. Every layer is built as the real torch.nn module
on the ``meta`` device (no memory, no arithmetic) and run on a meta tensor of the
previous layer's output shape; parameter counts come from ``module.parameters()``,
MACs from ``torch.utils.flop_counter``'s formulas (FLOPs / 2 of convolutions and
matrix products) on the real shapes, so the numbers are PyTorch's own. What is hand-written here is only the
wording of the errors, so a person reads "a 2×2 window does not fit" instead of
an ATen message; those words are keys of playground.i18n.builder, read in the language of the page asking
(a refusal is cached for every page, so it is kept as a key, a ``Refusal``, until a summary reads it).
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
from torch.utils.flop_counter import conv_flop_count, mm_flop

from playground.cnn.layers import IMAGE, LAYER_TYPES, VECTOR, layer_kwargs
from playground.cnn.spec import Spec
from playground.i18n import t

BYTES_FP32 = 4
MB = 1_000_000  # sizes are reported in decimal megabytes, as torchinfo does


@dataclass
class LayerRow:
    """One layer of the summary."""

    index: int  # 1-based position, as people count
    name: str  # attribute name in exported code, e.g. "conv1"
    type: str  # torch.nn class name
    call: str  # the constructor as PyTorch code, in_channels/in_features filled in
    status: str  # "ok", "note" (ok, with advice), "error", or "skipped" (after an error)
    message: str = ""  # the plain-language error, note or reason for skipping
    fix: str | None = None  # an offered one-click repair: "insert_flatten", "append_classifier", "append_linear"
    in_shape: list[int] | None = None  # per sample, without the batch dimension
    out_shape: list[int] | None = None
    params: int | None = None  # trainable parameters
    buffers: int | None = None  # non-trainable state (BatchNorm running statistics)
    macs: int | None = None  # multiply-accumulates per image
    param_share: float | None = None  # fraction of the network's trainable parameters


@dataclass
class Summary:
    """The whole network: rows plus totals, or where it breaks."""

    input: list[int]
    rows: list[LayerRow] = field(default_factory=list)
    ok: bool = False  # every layer computed and the output is a vector (a note says if it is no Linear's scores)
    errors: list[str] = field(default_factory=list)  # plain messages, layer by layer, then the network's
    notes: list[str] = field(default_factory=list)
    output_shape: list[int] | None = None
    trainable_params: int = 0
    non_trainable: int = 0  # buffer elements that are saved with the model
    size_mb: float = 0.0  # fp32 parameters and float buffers
    macs: int = 0  # per image
    activation_mb: float = 0.0  # fp32 outputs of every layer for one image

    @property
    def num_classes(self) -> int | None:
        return self.output_shape[0] if self.ok and self.output_shape else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as the public API returns it."""
        return {
            "ok": self.ok,
            "input": self.input,
            "output_shape": self.output_shape,
            "errors": self.errors,
            "notes": self.notes,
            "totals": {
                "trainable_params": self.trainable_params,
                "non_trainable": self.non_trainable,
                "size_mb_fp32": round(self.size_mb, 3),
                "macs_per_image": self.macs,
                "activation_mb_per_image": round(self.activation_mb, 3),
            },
            "layers": [asdict(r) for r in self.rows],
        }


def shape_text(shape: list[int] | tuple[int, ...] | None) -> str:
    """[64, 12, 12] -> '64×12×12'; a vector [512] -> '512'."""
    if shape is None:
        return "—"
    return "×".join(str(d) for d in shape)


def describe_input(shape: list[int]) -> str:
    if len(shape) == 1:
        return t("builder.vector_of", n=shape[0])
    return f"{shape_text(shape)} (C×H×W)"


def _pair(v: Any) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else tuple(v)  # type: ignore[return-value]


def layer_names(spec: Spec) -> list[str]:
    """Attribute names in exported code and state_dict keys: conv1, relu1, conv2, ..."""
    counts: dict[str, int] = {}
    names = []
    for layer in spec["layers"]:
        prefix = LAYER_TYPES[layer["type"]].prefix
        counts[prefix] = counts.get(prefix, 0) + 1
        names.append(f"{prefix}{counts[prefix]}")
    return names


def inferred_kwargs(type_name: str, in_shape: list[int]) -> dict[str, int]:
    """The arguments that follow from the previous layer's output."""
    if type_name == "Conv2d":
        return {"in_channels": in_shape[0]}
    if type_name == "BatchNorm2d":
        return {"num_features": in_shape[0]}
    if type_name == "Linear":
        return {"in_features": in_shape[0]}
    return {}


def constructor_call(type_name: str, inferred: dict[str, Any], kwargs: dict[str, Any]) -> str:
    """'Conv2d(3, 32, kernel_size=3, padding=1)': positional in/out sizes, then keywords."""
    positional: list[Any] = list(inferred.values())
    kw = dict(kwargs)
    for lead in ("out_channels", "out_features"):
        if lead in kw:
            positional.append(kw.pop(lead))
    parts = [repr(v) for v in positional] + [f"{k}={v!r}" for k, v in kw.items()]
    return f"{type_name}({', '.join(parts)})"


@dataclass(frozen=True)
class Refusal:
    """Why a layer cannot run, as a key of the tables and its arguments (another Refusal for a phrase in it)."""

    key: str
    args: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **args: Any) -> "Refusal":
        return cls(key, tuple(args.items()))

    def text(self) -> str:
        """The sentence in the current language."""
        return t(self.key, **{k: v.text() if isinstance(v, Refusal) else v for k, v in self.args})


def _friendly_error(type_name: str, kwargs: dict[str, Any], in_shape: list[int], exc: Exception) -> Refusal:
    """Say in plain words why PyTorch refused this layer on this input."""
    if type_name in ("Conv2d", "MaxPool2d", "AvgPool2d") and len(in_shape) == 3:
        k = _pair(kwargs.get("kernel_size", 1))
        d = _pair(kwargs.get("dilation", 1))
        pad = kwargs.get("padding", 0)
        p = (0, 0) if isinstance(pad, str) else _pair(pad)
        reach = tuple(di * (ki - 1) + 1 for ki, di in zip(k, d))
        h, w = in_shape[1], in_shape[2]
        window = Refusal.of("builder.window_dilated" if d != (1, 1) else "builder.window", h=reach[0], w=reach[1])
        if type_name != "Conv2d" and any(pi > ki // 2 for pi, ki in zip(p, k)):
            return Refusal.of("builder.padding_too_big", pad=pad, kh=k[0], kw=k[1], most=k[0] // 2)
        if h + 2 * p[0] < reach[0] or w + 2 * p[1] < reach[1]:
            if p != (0, 0):
                return Refusal.of("builder.no_fit_padded", h=h, w=w, ph=h + 2 * p[0], pw=w + 2 * p[1], window=window)
            return Refusal.of("builder.no_fit", h=h, w=w, window=window)
        if isinstance(pad, str) and pad == "same" and _pair(kwargs.get("stride", 1)) != (1, 1):
            return Refusal.of("builder.same_stride")
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return Refusal.of("builder.torch_refuses", why=text)


# torch.utils.flop_counter counts matrix products and convolutions only (a test checks
# the other layer types count zero under its FlopCounterMode). Its formulas are applied
# to the real shapes rather than running the layer under FlopCounterMode: a dispatch
# mode's first use imports torch._dynamo (over a second), which the app's first page
# (the builder's default network) would wait for; a test checks both agree.
MAC_COUNTED = {"Conv2d", "Linear"}


def layer_macs(type_name: str, module: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> int:
    """Multiply-accumulates of ``module`` taking ``x`` to ``y``: FlopCounterMode's FLOPs / 2, from its formulas."""
    if type_name == "Conv2d":  # aten.convolution: x (B, C, H, W), weight (C_out, C_in / groups, kH, kW)
        return conv_flop_count(list(x.shape), list(module.weight.shape), list(y.shape)) // 2
    if type_name == "Linear":  # aten.addmm / aten.mm: x (B, in) @ weight.T (in, out)
        return mm_flop(list(x.shape), [module.in_features, module.out_features]) // 2
    return 0


@functools.lru_cache(maxsize=8192)
def run_layer(
    type_name: str, kwargs: tuple[tuple[str, Any], ...], in_shape: tuple[int, ...], device: str = "meta"
) -> tuple[tuple[int, ...], int, int, int] | Refusal:
    """Build one layer on ``device`` (meta: no memory, no arithmetic) and run it on a batch of one there.

    Returns (output shape per sample, trainable parameters, float buffer elements, MACs),
    or the plain-language reason PyTorch refused it (a Refusal). A pure function of its arguments,
    so it is cached: an edit recomputes only the layers whose input shape changed.
    """
    args = dict(kwargs)
    inferred = inferred_kwargs(type_name, list(in_shape))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with torch.device(device):
                module = LAYER_TYPES[type_name].module_class(**inferred, **args)
            module.eval()  # shapes do not depend on the mode; train-mode BatchNorm refuses a batch of one 1×1 map
            x = torch.zeros((1, *in_shape), device=device)
            y = module(x)
            macs = layer_macs(type_name, module, x, y)
    except Exception as exc:  # any refusal by PyTorch becomes this row's message
        return _friendly_error(type_name, args, list(in_shape), exc)
    out_shape = tuple(y.shape[1:])
    if any(d <= 0 for d in out_shape):
        return Refusal.of("builder.nothing_left", shape=shape_text(out_shape))
    params = sum(p.numel() for p in module.parameters() if p.requires_grad)
    buffers = sum(b.numel() for b in module.buffers() if b.is_floating_point())
    return out_shape, params, buffers, macs


def summarize(spec: Spec, device: str = "meta") -> Summary:
    """Compute every layer of a parsed spec (see spec.parse_spec). Never raises for bad layers.

    ``device="cpu"`` runs the layers for real, for a small network known to be valid (the app's first view):
    the same figures, without torch's Python meta kernels, whose first use imports torch._dynamo (over a second).
    """
    summary = Summary(input=list(spec["input"]))
    shape: list[int] | None = list(spec["input"])
    names = layer_names(spec)
    activations = 0
    for i, (layer, name) in enumerate(zip(spec["layers"], names), start=1):
        type_name = layer["type"]
        layer_type = LAYER_TYPES[type_name]
        kwargs, arg_errors = layer_kwargs(layer)
        row = LayerRow(index=i, name=name, type=type_name, call=constructor_call(type_name, {}, kwargs), status="ok")
        summary.rows.append(row)
        if arg_errors:
            row.status, row.message = "error", "; ".join(arg_errors)
            shape = None
            continue
        if shape is None:
            row.status, row.message = "skipped", t("builder.skipped")
            continue
        row.in_shape = shape
        if layer_type.accepts == IMAGE and len(shape) != 3:
            row.status = "error"
            row.message = t("builder.needs_map", type=type_name, input=describe_input(shape))
            shape = None
            continue
        if layer_type.accepts == VECTOR and len(shape) != 1:
            row.status, row.fix = "error", "insert_flatten"
            row.message = t("builder.needs_vector", type=type_name, input=describe_input(shape))
            shape = None
            continue
        inferred = inferred_kwargs(type_name, shape)
        row.call = constructor_call(type_name, inferred, kwargs)
        frozen = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items())
        result = run_layer(type_name, frozen, tuple(shape), device)
        if isinstance(result, Refusal):
            row.status, row.message = "error", result.text()
            shape = None
            continue
        row.out_shape, row.params, row.buffers, row.macs = list(result[0]), result[1], result[2], result[3]
        out_shape = row.out_shape
        activations += math.prod(out_shape)
        shape = out_shape

    _finish(summary, shape, activations)
    return summary


def _problem(row: LayerRow) -> str:
    """'layer 3 MaxPool2d: ...': a row's message as the network's list of errors and notes says it."""
    return t("builder.layer_problem", index=row.index, type=row.type, message=row.message)


def _finish(summary: Summary, shape: list[int] | None, activations: int) -> None:
    rows = summary.rows
    summary.errors = [_problem(r) for r in rows if r.status == "error"]
    if not rows:
        summary.errors.append(t("builder.empty_network"))
    elif shape is not None and len(shape) != 1:
        last = rows[-1]
        message = t("builder.ends_with_map", shape=shape_text(shape))
        last.status, last.message, last.fix = "error", message, "append_classifier"
        summary.errors.append(_problem(last))
    ok = not summary.errors
    if ok:
        summary.output_shape = shape
        _add_notes(summary)
    summary.ok = ok
    computed = [r for r in rows if r.params is not None]
    summary.trainable_params = sum(r.params or 0 for r in computed)
    summary.non_trainable = sum(r.buffers or 0 for r in computed)
    summary.size_mb = (summary.trainable_params + summary.non_trainable) * BYTES_FP32 / MB
    summary.macs = sum(r.macs or 0 for r in computed)
    summary.activation_mb = activations * BYTES_FP32 / MB
    if summary.trainable_params:
        for r in computed:
            r.param_share = (r.params or 0) / summary.trainable_params


# layers that keep one value per class, so they may follow the classifier's final Linear
AFTER_CLASSIFIER = {"ReLU", "LeakyReLU", "Sigmoid", "Tanh", "GELU", "Dropout", "Softmax", "LogSoftmax"}


def _classifier_note(summary: Summary) -> None:
    """A network whose output is a vector but not a Linear layer's class scores (say, a Flatten) runs,
    yet is no classifier: note it on the layer that shapes the output and offer to add a Linear."""
    shaping = next((r for r in reversed(summary.rows) if r.type not in AFTER_CLASSIFIER), None)
    if shaping is None or shaping.type == "Linear":
        return
    n = summary.output_shape[0] if summary.output_shape else 0
    shaping.status, shaping.fix = "note", "append_linear"
    shaping.message = t("builder.not_classifier", type=shaping.type, n=n)
    summary.notes.append(_problem(shaping))


def _add_notes(summary: Summary) -> None:
    """Advice that is not an error: the network runs, but training may suffer."""
    _classifier_note(summary)
    last = summary.rows[-1]
    advice = {"Softmax": "builder.advice_softmax", "LogSoftmax": "builder.advice_logsoftmax",
              "ReLU": "builder.advice_relu", "Sigmoid": "builder.advice_sigmoid"}
    if last.type in advice:
        last.status, last.message = "note", t(advice[last.type])
        summary.notes.append(_problem(last))
    if summary.output_shape and summary.output_shape[0] == 1 and not any(r.fix for r in summary.rows):
        summary.notes.append(t("builder.single_score"))


def warm_up() -> None:
    """Summarize the default network on meta once, so torch's Python meta kernels (and the torch._dynamo they
    import, over a second) are loaded before someone's first edit rather than during it. The app runs this
    in the background once its page is served."""
    from playground.cnn.spec import DEFAULT_PRESET, preset

    summarize(preset(DEFAULT_PRESET))
