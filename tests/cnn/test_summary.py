"""Shapes, parameters and MACs of the presets, checked against real PyTorch modules."""

import pytest
import torch
from torch import nn

from torch.utils.flop_counter import FlopCounterMode

from playground.cnn.layers import LAYER_TYPES, layer_kwargs, new_layer
from playground.cnn.model import build_model
from playground.cnn.spec import PRESETS, preset
from playground.cnn.summary import MAC_COUNTED, inferred_kwargs, layer_macs, summarize

CLASSIC = "Classic CNN (48×48 RGB)"


def test_classic_preset_matches_the_issue_and_pytorch():
    s = summarize(preset(CLASSIC))
    assert s.ok
    by_name = {r.name: r for r in s.rows}
    assert [by_name[n].params for n in ("conv1", "conv2", "conv3", "fc1", "fc2")] == [896, 18_496, 73_856, 9_437_696, 5_130]
    assert s.trainable_params == 9_536_074
    assert by_name["pool2"].out_shape == [128, 12, 12]
    assert by_name["flatten1"].out_shape == [18_432]
    assert by_name["fc1"].call == "Linear(18432, 512)"  # in_features inferred, never typed
    assert s.output_shape == [10]
    assert s.size_mb == pytest.approx(9_536_074 * 4 / 1e6)


def test_classic_variant_linear_has_18874880_parameters():
    # Conv→ReLU→Conv→ReLU→MaxPool→Flatten→Linear(→512): 64×24×24 = 36,864 inputs
    layers = preset(CLASSIC)["layers"][:5] + [{"type": "Flatten"}, {"type": "Linear", "out_features": 512}]
    s = summarize({"input": [3, 48, 48], "layers": layers})
    assert s.rows[-1].params == 18_874_880 == nn.Linear(36_864, 512).weight.numel() + 512
    assert s.errors == []


@pytest.mark.parametrize("name", [n for n in PRESETS if n != "Empty"])
def test_presets_equal_real_modules(name):
    spec = preset(name)
    s = summarize(spec)
    assert s.ok, s.errors
    model = build_model(spec).eval()
    x = torch.randn(2, *spec["input"])
    for row, module in zip(s.rows, model):
        x = module(x)
        assert list(x.shape[1:]) == row.out_shape, row.name
        assert sum(p.numel() for p in module.parameters()) == row.params, row.name
    assert s.trainable_params == sum(p.numel() for p in model.parameters())


def test_macs_are_conv_and_linear_multiply_accumulates():
    s = summarize(preset(CLASSIC))
    conv1, fc1 = s.rows[0], s.rows[10]
    assert conv1.macs == 32 * 48 * 48 * 3 * 3 * 3  # out elements × (in channels × kernel area)
    assert fc1.macs == 18_432 * 512
    assert s.rows[1].macs == 0  # ReLU
    assert s.macs == sum(r.macs for r in s.rows)


def test_batchnorm_buffers_are_non_trainable_and_activations_are_counted():
    s = summarize(preset("Fast MNIST (Training default)"))
    assert s.non_trainable == 2 * (32 + 64)  # running mean and var per channel
    assert s.rows[1].params == 64  # weight and bias of BatchNorm2d(32)
    activations = sum(torch.Size(r.out_shape).numel() for r in s.rows)
    assert s.activation_mb == pytest.approx(activations * 4 / 1e6)


def test_param_shares_add_up():
    s = summarize(preset(CLASSIC))
    assert sum(r.param_share for r in s.rows) == pytest.approx(1.0)
    assert s.rows[10].param_share == pytest.approx(9_437_696 / 9_536_074)


def test_summary_json_is_plain_data():
    d = summarize(preset(CLASSIC)).to_dict()
    assert d["totals"]["trainable_params"] == 9_536_074
    assert d["layers"][0]["out_shape"] == [32, 48, 48]
    import json

    json.dumps(d)  # serializable as the API returns it


@pytest.mark.parametrize("type_name", sorted(set(LAYER_TYPES) - MAC_COUNTED))
def test_layers_outside_the_mac_counter_really_count_zero(type_name):
    """The summary skips the FLOP counter for these types; PyTorch's counter agrees they cost 0 MACs."""
    in_shape = [4, 8, 8] if LAYER_TYPES[type_name].accepts != "vector" else [16]
    layer = new_layer(type_name)
    kwargs, _ = layer_kwargs(layer)
    module = LAYER_TYPES[type_name].module_class(**inferred_kwargs(type_name, in_shape), **kwargs).eval()
    with FlopCounterMode(display=False) as counter:
        module(torch.randn(2, *in_shape))
    assert counter.get_total_flops() == 0
    assert summarize({"input": in_shape if len(in_shape) == 3 else [16, 1, 1],
                      "layers": ([] if len(in_shape) == 3 else [{"type": "Flatten"}]) + [layer]}).rows[-1].macs == 0


@pytest.mark.parametrize("type_name, kwargs, in_shape", [
    ("Conv2d", {"out_channels": 8, "kernel_size": 3}, [3, 16, 16]),
    ("Conv2d", {"out_channels": 6, "kernel_size": [3, 5], "stride": 2, "padding": 1, "groups": 3, "bias": False},
     [3, 17, 13]),
    ("Conv2d", {"out_channels": 4, "kernel_size": 3, "dilation": 2, "padding": "same"}, [2, 9, 9]),
    ("Linear", {"out_features": 10}, [36]),
    ("Linear", {"out_features": 7, "bias": False}, [5]),
])
def test_mac_formulas_agree_with_pytorchs_flop_counter(type_name, kwargs, in_shape):
    """The summary applies torch.utils.flop_counter's formulas (no dispatch mode, so no torch._dynamo at the
    app's start); running the real layer under FlopCounterMode gives the same count."""
    module = LAYER_TYPES[type_name].module_class(**inferred_kwargs(type_name, in_shape), **kwargs).eval()
    x = torch.randn(1, *in_shape)
    with FlopCounterMode(display=False) as counter:
        y = module(x)
    assert layer_macs(type_name, module, x, y) == counter.get_total_flops() // 2 > 0


@pytest.mark.parametrize("name", [n for n in PRESETS if n != "Empty"])
def test_a_summary_on_the_cpu_equals_the_one_on_meta(name):
    """The builder's first view runs on the CPU (see ui/builder._first_view); it must show the same figures."""
    assert summarize(preset(name), device="cpu").to_dict() == summarize(preset(name)).to_dict()
