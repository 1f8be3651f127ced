"""Property tests: on random specs the builder agrees with real PyTorch, layer by layer.

Two generators: one draws only valid networks (tracking H×W so every window
fits), the other draws anything plausible, including layers that cannot run,
and checks the builder fails at exactly the layer where PyTorch fails.
"""

import warnings

import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.cnn.layers import LAYER_TYPES, layer_kwargs
from playground.cnn.model import build_model
from playground.cnn.summary import inferred_kwargs, summarize

ACTIVATIONS = ["ReLU", "LeakyReLU", "Sigmoid", "Tanh", "GELU"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def valid_specs(draw):
    c = draw(st.integers(1, 4))
    h = draw(st.integers(4, 32))
    w = draw(st.integers(4, 32))
    layers, size = [], [h, w]
    for _ in range(draw(st.integers(0, 7))):
        kind = draw(st.sampled_from(["Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "BatchNorm2d",
                                     "Dropout2d", "Dropout", *ACTIVATIONS]))
        smallest = min(size)
        if kind == "Conv2d":
            k = draw(st.integers(1, 5))
            pad = draw(st.integers(0, 2))
            dil = draw(st.integers(1, 2))
            if dil * (k - 1) + 1 > smallest + 2 * pad:
                continue
            stride = draw(st.integers(1, 3))
            layer = {"type": kind, "out_channels": draw(st.integers(1, 8)), "kernel_size": k, "stride": stride,
                     "padding": pad, "dilation": dil, "bias": draw(st.booleans())}
            size = [(s + 2 * pad - dil * (k - 1) - 1) // stride + 1 for s in size]
        elif kind in ("MaxPool2d", "AvgPool2d"):
            k = draw(st.integers(1, 3))
            if k > smallest:
                continue
            stride = draw(st.integers(1, 3))
            layer = {"type": kind, "kernel_size": k, "stride": stride}
            size = [(s - k) // stride + 1 for s in size]
        elif kind == "AdaptiveAvgPool2d":
            out = draw(st.integers(1, 4))
            layer, size = {"type": kind, "output_size": out}, [out, out]
        elif kind in ("Dropout", "Dropout2d"):
            layer = {"type": kind, "p": draw(st.sampled_from([0.0, 0.1, 0.5]))}
        else:
            layer = {"type": kind}
        layers.append(layer)
    layers.append({"type": "Flatten"})
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["Linear", "Dropout", *ACTIVATIONS]))
        layers.append({"type": kind, "out_features": draw(st.integers(1, 16))} if kind == "Linear" else {"type": kind})
    layers.append({"type": "Linear", "out_features": draw(st.integers(2, 10)), "bias": draw(st.booleans())})
    return {"input": [c, h, w], "layers": layers}


@given(valid_specs())
@SETTINGS
def test_valid_specs_match_pytorch(spec):
    summary = summarize(spec)
    assert summary.ok, summary.errors
    model = build_model(spec).eval()
    x = torch.randn(2, *spec["input"])
    for row, module in zip(summary.rows, model):
        x = module(x)
        assert list(x.shape[1:]) == row.out_shape
        assert sum(p.numel() for p in module.parameters()) == row.params
        assert sum(b.numel() for b in module.buffers() if b.is_floating_point()) == row.buffers
    assert list(x.shape) == [2, *summary.output_shape]
    assert summary.trainable_params == sum(p.numel() for p in model.parameters())


@st.composite
def any_specs(draw):
    layers = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(sorted(LAYER_TYPES)))
        layer = {"type": kind}
        for arg in LAYER_TYPES[kind].args:
            if arg.name in ("out_channels", "out_features"):
                layer[arg.name] = draw(st.integers(1, 6))
            elif arg.name in ("kernel_size", "output_size"):
                layer[arg.name] = draw(st.integers(1, 9))
            elif arg.name == "padding" and draw(st.booleans()):
                layer[arg.name] = draw(st.integers(0, 3))
            elif arg.name == "stride" and draw(st.booleans()):
                layer[arg.name] = draw(st.integers(1, 3))
        layers.append(layer)
    return {"input": [draw(st.integers(1, 3)), draw(st.integers(1, 12)), draw(st.integers(1, 12))], "layers": layers}


def _pytorch_failure(spec):
    """Index of the first layer real PyTorch (on CPU) cannot run, by the builder's rules of rank."""
    x = torch.randn(2, *spec["input"])
    for i, layer in enumerate(spec["layers"]):
        layer_type = LAYER_TYPES[layer["type"]]
        per_sample = list(x.shape[1:])
        if (layer_type.accepts == "image") != (len(per_sample) == 3) and layer_type.accepts != "any":
            return i  # e.g. Linear on a feature map: PyTorch would broadcast, the builder refuses on purpose
        kwargs, errors = layer_kwargs(layer)
        assert not errors
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = layer_type.module_class(**inferred_kwargs(layer["type"], per_sample), **kwargs).eval()
                x = module(x)
        except (RuntimeError, ValueError):
            return i
        if x.numel() == 0:
            return i
    return None


@given(any_specs())
@SETTINGS
def test_errors_appear_where_pytorch_fails(spec):
    summary = summarize(spec)
    failing = next((r.index - 1 for r in summary.rows if r.status == "error" and r.fix != "append_classifier"), None)
    assert failing == _pytorch_failure(spec)
    for row in summary.rows[: failing if failing is not None else len(summary.rows)]:
        assert row.out_shape is not None
    if failing is not None:
        assert all(r.status in ("skipped", "error") for r in summary.rows[failing + 1 :])
